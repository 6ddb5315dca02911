/**
 * A message's reactions (SPEC 6): one button per emoji, named by the emoji and its count
 * (`👍 2`), pressed when the viewer reacted; pressing adds or takes back the viewer's reaction.
 * Who reacted shows on hover and on focus (names, or UNKNOWN USER), and is the button's description.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import type { MessageView, ReactionView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { selectReacted } from '../../store/reactionsSlice';
import { Emoji, EmojiText } from '../emoji/EmojiText';
import './reactions.css';

/** "Alice Nguyen, UNKNOWN USER and Bella Martins": who reacted, in the order they did. */
export function reactedBy(reaction: ReactionView): string {
  const names = reaction.people.map((person) => person.displayName);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function MessageReactions({ message }: { message: MessageView }) {
  const meId = useAppStore((state) => state.me?.id);
  const toggleReaction = useAppStore((state) => state.toggleReaction);
  if (message.reactions.length === 0) return null;
  return (
    <Tooltip.Provider delayDuration={300}>
      <div className="reactions" role="group" aria-label="Reactions">
        {message.reactions.map((reaction) => {
          const mine = selectReacted(reaction, meId);
          return (
            <Tooltip.Root key={reaction.emoji}>
              <Tooltip.Trigger asChild>
                <button type="button" className={`reaction${mine ? ' reaction--mine' : ''}`} aria-pressed={mine} onClick={() => void toggleReaction(message, reaction.emoji)}>
                  <Emoji emoji={reaction.emoji} /> <span className="reaction__count">{reaction.count}</span>
                </button>
              </Tooltip.Trigger>
              <Tooltip.Portal>
                <Tooltip.Content className="reaction__who" side="top" sideOffset={4} collisionPadding={8}>
                  <EmojiText text={reaction.emoji} /> {reactedBy(reaction)}
                  <Tooltip.Arrow className="reaction__arrow" />
                </Tooltip.Content>
              </Tooltip.Portal>
            </Tooltip.Root>
          );
        })}
      </div>
    </Tooltip.Provider>
  );
}

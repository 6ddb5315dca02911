/**
 * The quick-reaction row of a message's toolbar (on hover and on focus): 👍 ❤️ 😂 🎉 and the
 * person's recent reactions, so reacting takes one click (SPEC 9). Each button is named
 * `React with NAME` and pressed when the viewer reacted with it; pressing adds or takes it back.
 */
import type { MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { selectReacted } from '../../store/reactionsSlice';
import { Emoji } from '../emoji/EmojiText';
import { quickRow, rememberReaction, useRecentReactions } from './recentReactions';

export function QuickReactions({ message }: { message: MessageView }) {
  const meId = useAppStore((state) => state.me?.id);
  const toggleReaction = useAppStore((state) => state.toggleReaction);
  const recent = useRecentReactions(meId);
  return (
    <>
      {quickRow(recent).map(({ emoji, name }) => {
        const existing = message.reactions.find((reaction) => reaction.emoji === emoji);
        const mine = existing !== undefined && selectReacted(existing, meId);
        return (
          <button
            key={emoji}
            type="button"
            className="icon-button quick-reaction"
            aria-label={`React with ${name}`}
            title={`React with ${name}`}
            aria-pressed={mine}
            onClick={() => {
              if (!mine && meId) rememberReaction(meId, emoji);
              void toggleReaction(message, emoji);
            }}
          >
            <Emoji emoji={emoji} />
          </button>
        );
      })}
    </>
  );
}

/**
 * A conversation's `Conversation settings` menu (SPEC 6, 9) on Radix UI's DropdownMenu (arrows
 * move, Enter or Space chooses, Escape closes and focus goes back to the button): the person's
 * own `Mute` (checkbox) and `Notifications` (`All messages`, `Mentions only`, `Nothing`), kept
 * by the backend and followed by every client of theirs at once; `Pinned messages`; and for a
 * group chat `Rename`. A refusal is said in an alert beside the button.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Bell, BellOff, Check, Pencil, Pin, Settings2 } from 'lucide-react';
import { useState } from 'react';
import type { ConversationSummary, NotifyLevel } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';

const levels: ReadonlyArray<{ level: NotifyLevel; label: string }> = [
  { level: 'all', label: 'All messages' },
  { level: 'mentions', label: 'Mentions only' },
  { level: 'nothing', label: 'Nothing' },
];

export function ConversationSettingsMenu({ conversation, onPinned, onRename }: { conversation: ConversationSummary; onPinned: () => void; onRename: () => void }) {
  const change = useAppStore((state) => state.changeConversationSettings);
  const [failure, setFailure] = useState<string | null>(null);
  const apply = (settings: { muted?: boolean; notify?: NotifyLevel }) => void change(conversation.id, settings).then(setFailure);
  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="button toolbar-button toolbar-button--secondary" title="Conversation settings">
          {conversation.muted ? <BellOff size={16} aria-hidden="true" /> : <Settings2 size={16} aria-hidden="true" />}
          <span className="toolbar-button__label">Conversation settings</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8}>
            <DropdownMenu.CheckboxItem className="menu__item" checked={conversation.muted} onCheckedChange={(muted) => apply({ muted })}>
              <BellOff size={16} aria-hidden="true" />
              <span className="menu__text">Mute</span>
              <DropdownMenu.ItemIndicator className="menu__check">
                <Check size={16} aria-hidden="true" />
              </DropdownMenu.ItemIndicator>
            </DropdownMenu.CheckboxItem>
            <DropdownMenu.Separator className="menu__separator" />
            <DropdownMenu.Label className="menu__label" id={`notifications-${conversation.id}`}>
              Notifications
            </DropdownMenu.Label>
            <DropdownMenu.RadioGroup aria-labelledby={`notifications-${conversation.id}`} value={conversation.notify} onValueChange={(notify) => apply({ notify: notify as NotifyLevel })}>
              {levels.map(({ level, label }) => (
                <DropdownMenu.RadioItem key={level} value={level} className="menu__item">
                  <Bell size={16} aria-hidden="true" />
                  <span className="menu__text">{label}</span>
                  <DropdownMenu.ItemIndicator className="menu__check">
                    <Check size={16} aria-hidden="true" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu__separator" />
            <DropdownMenu.Item className="menu__item" onSelect={onPinned}>
              <Pin size={16} aria-hidden="true" />
              <span className="menu__text">Pinned messages</span>
            </DropdownMenu.Item>
            {conversation.kind === 'group' && (
              <DropdownMenu.Item className="menu__item" onSelect={onRename}>
                <Pencil size={16} aria-hidden="true" />
                <span className="menu__text">Rename</span>
              </DropdownMenu.Item>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {failure && (
        <span role="alert" className="form-error">
          {failure}
        </span>
      )}
    </>
  );
}

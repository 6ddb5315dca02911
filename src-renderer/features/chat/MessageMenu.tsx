/**
 * A message's `More actions` menu (SPEC 6, 9) on Radix UI's DropdownMenu (arrows move, Enter or
 * Space chooses, Escape closes and focus goes back to the button):
 * - `Mark unread`: the conversation becomes unread from this message on every client of the
 *   person (the backend keeps read state); it stays unread here until opened anew.
 * - `Copy link`: a link that opens the conversation at this message for anyone who may read it
 *   (../panes/appRoute.ts; others are told it is not available to them).
 * - `Pin` / `Unpin`: keeps it in the conversation's `Pinned messages` for every member.
 * What happened is said in a status (or an alert when it failed) beside the button.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis, Link, MailDot, Pin, PinOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { messageLink } from '../panes/appRoute';

/** How long `Link copied` and the like stay beside the button. */
const saidForMs = 4_000;

type Said = { text: string; failed: boolean };

/** The app's own address, the place a link starts from (the browser build's page; Electron's app:// page). */
function appAddress(): string {
  return window.location.href;
}

export function MessageMenu({ message }: { message: Pick<MessageView, 'id' | 'conversationId'> }) {
  const markUnread = useAppStore((state) => state.markUnread);
  const setPinned = useAppStore((state) => state.setPinned);
  const isPinned = useAppStore((state) => state.pinned[message.conversationId]?.some((candidate) => candidate.id === message.id) ?? false);
  const [said, setSaid] = useState<Said | null>(null);

  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), saidForMs);
    return () => clearTimeout(timer);
  }, [said]);

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(messageLink(appAddress(), message.conversationId, message.id));
      setSaid({ text: 'Link copied', failed: false });
    } catch {
      setSaid({ text: 'The link could not be copied.', failed: true });
    }
  };

  const unread = async () => {
    const failure = await markUnread(message);
    setSaid(failure ? { text: failure, failed: true } : { text: 'Marked unread', failed: false });
  };

  const pin = async () => {
    const failure = await setPinned(message, !isPinned);
    setSaid(failure ? { text: failure, failed: true } : { text: isPinned ? 'Unpinned' : 'Pinned', failed: false });
  };

  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="icon-button" aria-label="More actions" title="More actions">
          <Ellipsis size={16} aria-hidden="true" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8}>
            <DropdownMenu.Item className="menu__item" onSelect={() => void unread()}>
              <MailDot size={16} aria-hidden="true" />
              <span className="menu__text">Mark unread</span>
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu__item" onSelect={() => void copyLink()}>
              <Link size={16} aria-hidden="true" />
              <span className="menu__text">Copy link</span>
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu__item" onSelect={() => void pin()}>
              {isPinned ? <PinOff size={16} aria-hidden="true" /> : <Pin size={16} aria-hidden="true" />}
              <span className="menu__text">{isPinned ? 'Unpin' : 'Pin'}</span>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {said && (
        <span role={said.failed ? 'alert' : 'status'} className={`message__said${said.failed ? ' form-error' : ''}`}>
          {said.text}
        </span>
      )}
    </>
  );
}

/**
 * The rules more than one place asks (STYLE "One policy module"): handlers, views, delivery and
 * the directory call these, and none restates them.
 */
import type { Directory, UserRecord, Viewer } from '../directory/directory';

/**
 * Whether a direct chat is open between a viewer and its other person (SPEC 1 rule 5 and
 * "Changing a federation"): only while they see each other. A chat with someone no longer seen
 * (or removed) is hidden from both, not deleted.
 */
export function directChatOpen(directory: Directory, viewer: Viewer, peerId: string | null | undefined): boolean {
  const peer = peerId ? directory.user(peerId) : undefined;
  return peer !== undefined && directory.sees(viewer, peer);
}

/**
 * A person's extension as a viewer may see it (SPEC 1 rule 3, SPEC 3): only inside their own
 * account; extensions are never shown, matched or dialed across federated accounts.
 */
export function extensionShownTo(viewer: { accountId: string }, user: Pick<UserRecord, 'accountId' | 'extension'>): string | null {
  return user.accountId === viewer.accountId ? user.extension : null;
}

/** Whether a viewer may rename a conversation or change its topic: a channel, by people of the account that owns it. */
export function canEditChannel(viewer: { accountId: string }, conversation: { kind: string; accountId: string | null }): boolean {
  return conversation.kind === 'channel' && conversation.accountId === viewer.accountId;
}

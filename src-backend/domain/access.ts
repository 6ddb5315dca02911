/**
 * Who may read and write a conversation (SPEC 1 rules 5–7): its members; in a direct chat, only
 * while the two people see each other (a chat with someone no longer seen is hidden, not
 * deleted). One query per check, and nothing of the view (titles, unread counts) is built to
 * decide it. Handlers, HTTP routes and services all ask here.
 */
import type { Directory, Viewer } from '../directory/directory';
import type { ConversationStore, MembershipRecord } from '../store/conversationStore';

export class AccessService {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly directory: Directory,
  ) {}

  /**
   * Whether the viewer may read the conversation now. A channel or group chat shows to its
   * members, asked of the members the store keeps (it drops them whenever they change); a direct
   * chat only while its two people see each other.
   */
  canRead(viewer: Viewer, conversationId: string): boolean {
    const kind = this.conversations.kind(conversationId);
    if (kind === undefined) return false;
    if (kind === 'direct') return this.readable(viewer, conversationId) !== null;
    return this.conversations.hasMember(conversationId, viewer.id);
  }

  /** Whether the viewer may write in it (post, share files, start meetings): members read and write alike. */
  canWrite(viewer: Viewer, conversationId: string): boolean {
    return this.canRead(viewer, conversationId);
  }

  /** The conversation as the viewer has it, when they may read it now; null otherwise. */
  readable(viewer: Viewer, conversationId: string): MembershipRecord | null {
    const membership = this.conversations.membership(conversationId, viewer.id);
    return membership && this.visible(viewer, membership) ? membership : null;
  }

  /** The direct chats the viewer is a member of but may not open now (with someone they no longer see). */
  hiddenConversations(viewer: Viewer): string[] {
    return this.conversations
      .directPeers(viewer.id)
      .filter(({ peerId }) => {
        const peer = this.directory.user(peerId);
        return !peer || !this.directory.sees(viewer, peer);
      })
      .map(({ conversationId }) => conversationId);
  }

  /** Whether a conversation the viewer is a member of shows for them: always, except a direct chat with someone they no longer see. */
  visible(viewer: Viewer, membership: MembershipRecord): boolean {
    if (membership.kind !== 'direct') return true;
    const peer = membership.peerId ? this.directory.user(membership.peerId) : undefined;
    return peer !== undefined && this.directory.sees(viewer, peer);
  }
}

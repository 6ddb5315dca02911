/**
 * Who may read and write a conversation (SPEC 1 rules 5–7): its members; in a direct chat, only
 * while the two people see each other (./policy.ts). One query per check at most (members are
 * kept: ../store/conversations.ts), and nothing of the view (titles, unread counts) is built to
 * decide it. Handlers, HTTP routes and services all ask here.
 */
import type { Directory, Viewer } from '../directory/directory';
import type { Conversations } from '../store/conversations';
import type { MembershipRecord } from '../store/records';
import { directChatOpen } from './policy';

export class AccessService {
  constructor(
    private readonly conversations: Conversations,
    private readonly directory: Directory,
  ) {}

  /**
   * Whether the viewer may read the conversation now. A channel or group chat shows to its
   * members, asked of the members kept (dropped whenever they change, in any process); a direct
   * chat only while its two people see each other.
   */
  async canRead(viewer: Viewer, conversationId: string): Promise<boolean> {
    const kind = await this.conversations.kind(conversationId);
    if (kind === undefined) return false;
    if (kind === 'direct') return (await this.readable(viewer, conversationId)) !== null;
    return this.conversations.hasMember(conversationId, viewer.id);
  }

  /** Whether the viewer may write in it (post, share files, start meetings): members read and write alike. */
  canWrite(viewer: Viewer, conversationId: string): Promise<boolean> {
    return this.canRead(viewer, conversationId);
  }

  /** The conversation as the viewer has it, when they may read it now; null otherwise. */
  async readable(viewer: Viewer, conversationId: string): Promise<MembershipRecord | null> {
    const membership = await this.conversations.membership(conversationId, viewer.id);
    return membership && this.visible(viewer, membership) ? membership : null;
  }

  /** The direct chats the viewer is a member of but may not open now (with someone they no longer see). */
  async hiddenConversations(viewer: Viewer): Promise<string[]> {
    return (await this.conversations.directPeers(viewer.id)).filter(({ peerId }) => !directChatOpen(this.directory, viewer, peerId)).map(({ conversationId }) => conversationId);
  }

  /** Whether a conversation the viewer is a member of shows for them: always, except a direct chat with someone they no longer see. */
  visible(viewer: Viewer, membership: MembershipRecord): boolean {
    return membership.kind !== 'direct' || directChatOpen(this.directory, viewer, membership.peerId);
  }
}

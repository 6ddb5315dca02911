/**
 * Stranded channels (SPEC 1 "Changing a federation"): channels and group chats whose members
 * no longer all see each other, with the people to remove marked (those the owning account does
 * not see) — what `channels stranded` lists and `channel remove-member` checks.
 */
import type { Directory, UserRecord } from '../directory/directory';
import type { SharedConversation } from '../store/records';
import { groupName } from './federationPreview';

/** A member of a stranded channel, as support sees them. */
export interface StrandedMember {
  userId: string;
  displayName: string;
  email: string;
  accountId: string;
  accountName: string;
  /** The members of the channel this one does not see (nor they them). */
  doesNotSee: string[];
  /** The owning account does not see them: the person to remove. */
  remove: boolean;
}

export interface StrandedChannel {
  /** A channel, or a group chat (named by its members; no owning account, so nobody is marked to remove). */
  kind: 'channel' | 'group';
  channelId: string;
  name: string;
  /** The owning account; null for a group chat. */
  accountId: string | null;
  accountName: string | null;
  members: StrandedMember[];
  pairs: Array<{ userId: string; doesNotSee: string }>;
  /** No member is unseen by the owning account (or there is none: a group chat): the owner, or the members, choose whom to remove. */
  ownerDecides: boolean;
}

/** A channel's members who do not see each other, or null when everyone sees everyone (among `concerned` accounts, when given). */
export function stranding(directory: Directory, channel: SharedConversation, concerned: ReadonlySet<string> | null): StrandedChannel | null {
  const members = channel.memberIds.map((userId) => directory.user(userId)).filter((user): user is UserRecord => user !== undefined);
  const pairs: Array<{ userId: string; doesNotSee: string }> = [];
  const doesNotSee = new Map<string, string[]>();
  for (const member of members) {
    for (const other of members) {
      if (member.id < other.id && !directory.sees(member, other)) {
        // A federation concerns the pairs it held together: both accounts in it, now or before.
        if (concerned && !(concerned.has(member.accountId) && concerned.has(other.accountId))) continue;
        pairs.push({ userId: member.id, doesNotSee: other.id });
        doesNotSee.set(member.id, [...(doesNotSee.get(member.id) ?? []), other.id]);
        doesNotSee.set(other.id, [...(doesNotSee.get(other.id) ?? []), member.id]);
      }
    }
  }
  if (pairs.length === 0) return null;
  // A group chat has no owning account: nobody is marked, its members choose who leaves.
  const ownerSees = channel.accountId === null ? null : directory.visibleAccounts(channel.accountId);
  const stranded = members
    .filter((member) => doesNotSee.has(member.id))
    .map((member) => ({
      userId: member.id,
      displayName: member.displayName,
      email: member.email,
      accountId: member.accountId,
      accountName: directory.accountName(member.accountId),
      doesNotSee: doesNotSee.get(member.id)!.sort(),
      remove: ownerSees !== null && !ownerSees.has(member.accountId),
    }))
    // The people to remove first.
    .sort((a, b) => Number(b.remove) - Number(a.remove) || a.displayName.localeCompare(b.displayName));
  return {
    kind: channel.kind,
    channelId: channel.id,
    name: channel.name ?? groupName(members),
    accountId: channel.accountId,
    accountName: channel.accountId === null ? null : directory.accountName(channel.accountId),
    members: stranded,
    pairs,
    ownerDecides: stranded.every((member) => !member.remove),
  };
}

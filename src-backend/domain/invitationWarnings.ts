/**
 * SPEC 1 rule 6: before an invitation brings someone into a conversation where they and some
 * members will not see each other, the inviter is told who is affected, by account, and confirms.
 * What the inviter is told depends only on what the inviter may know: members the inviter sees
 * are counted by account; members the inviter does not see are only counted, and whether the
 * invitee sees them is said only when it follows from what the inviter knows (an invitee of the
 * inviter's own account sees exactly whom the inviter sees).
 */
import { wordList } from '../../src-shared/domain/wordList';
import { UNKNOWN_USER } from '../../src-shared/protocol/model';
import type { InvitationWarning } from '../../src-shared/protocol/conversationProtocol';
import type { Directory, UserRecord, Viewer } from '../directory/directory';

const members = (count: number) => `${count} ${count === 1 ? 'member' : 'members'}`;

/**
 * The warnings for `inviteeIds` joining `memberIds` (the current members; empty for a new
 * conversation, the creator's id included by the caller). Invitees the inviter does not see, or
 * who are members already, are not the concern of this function: callers refuse or skip them.
 */
export function invitationWarnings(directory: Directory, inviter: Viewer, memberIds: readonly string[], inviteeIds: readonly string[]): InvitationWarning[] {
  const current = new Set(memberIds);
  const invitees = [...new Set(inviteeIds)]
    .filter((userId) => !current.has(userId))
    .map((userId) => directory.user(userId))
    .filter((user): user is UserRecord => user !== undefined && directory.sees(inviter, user));
  const resulting = [...new Set([...memberIds, ...invitees.map((user) => user.id)])]
    .map((userId) => directory.user(userId))
    .filter((user): user is UserRecord => user !== undefined);

  const warnings: InvitationWarning[] = [];
  for (const invitee of invitees) {
    const hiddenByAccount = new Map<string, number>();
    let unknownCount = 0;
    for (const other of resulting) {
      if (other.id === invitee.id) continue;
      if (!directory.sees(inviter, other)) unknownCount += 1;
      else if (!directory.sees(invitee, other)) hiddenByAccount.set(other.accountId, (hiddenByAccount.get(other.accountId) ?? 0) + 1);
    }
    if (hiddenByAccount.size === 0 && unknownCount === 0) continue;
    const accountName = directory.accountName(invitee.accountId);
    const hiddenFrom = [...hiddenByAccount]
      .map(([accountId, count]) => ({ accountName: directory.accountName(accountId), count }))
      .sort((a, b) => a.accountName.localeCompare(b.accountName));
    const certain = invitee.accountId === inviter.accountId;
    const who = `${invitee.displayName} (${accountName})`;
    const seenPart = hiddenFrom.map((entry) => `${members(entry.count)} from ${entry.accountName}`);
    let text: string;
    if (hiddenFrom.length === 0) {
      text = `${who} ${certain ? 'will' : 'may'} show as ${UNKNOWN_USER} to ${members(unknownCount)} you do not see.`;
    } else {
      const unknownPart = unknownCount === 0 ? [] : [`${certain ? '' : 'perhaps '}${members(unknownCount)} you do not see`];
      text = `${who} will show as ${UNKNOWN_USER} to ${wordList([...seenPart, ...unknownPart])}.`;
    }
    warnings.push({ personId: invitee.id, displayName: invitee.displayName, accountName, hiddenFrom, unknownMembers: { count: unknownCount, certain }, text });
  }
  return warnings;
}

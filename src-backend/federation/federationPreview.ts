/**
 * What a federation change does to who sees whom, worked out before it is made: per pair of
 * accounts, how many people will newly see, or stop seeing, each other; the channels whose
 * members will newly see each other (shared) or stop seeing each other (stranded); the direct
 * chats that will be hidden or come back. The support console's `--dry-run` prints it, and the
 * change itself uses the same comparison to tell only the accounts whose view changed.
 */
import { VisibilityGraph, type FederationMembership } from '../../src-shared/domain/visibility';
import type { Directory } from '../directory/directory';
import type { Conversations } from '../store/conversations';

/** Two accounts whose people will newly see, or stop seeing, each other. */
export interface AccountPairChange {
  change: 'newly-see' | 'stop-seeing';
  accounts: [AccountHeadcount, AccountHeadcount];
  /** People of the first times people of the second: the pairs of people concerned. */
  pairs: number;
}

export interface AccountHeadcount {
  id: string;
  name: string;
  people: number;
}

/** A channel whose members will newly see each other (`shared`) or stop seeing each other (`stranded`). */
export interface ChannelChange {
  change: 'shared' | 'stranded';
  /** A channel, or a group chat (named by its members, without an owner). */
  kind: 'channel' | 'group';
  channelId: string;
  name: string;
  owner: { id: string; name: string } | null;
  /** Pairs of its members concerned. */
  pairs: number;
  /** The accounts of the members concerned. */
  accounts: string[];
  /** After the change, whether some members still (or now) do not see each other. */
  strandedAfter: boolean;
}

export interface VisibilityPreview {
  accountPairs: AccountPairChange[];
  channels: ChannelChange[];
  /** Direct chats that disappear from both people (kept on the server), or come back. */
  directChats: { hidden: number; restored: number };
}

type AccountPair = { first: string; second: string; change: AccountPairChange['change'] };

/** Pairs of distinct accounts whose `sees` differs between the two sets of federations. */
export function changedAccountPairs(accountIds: Iterable<string>, before: readonly FederationMembership[], after: readonly FederationMembership[]): AccountPair[] {
  const previous = new VisibilityGraph(before);
  const next = new VisibilityGraph(after);
  const accounts = [...new Set(accountIds)].sort();
  const pairs: AccountPair[] = [];
  for (let index = 0; index < accounts.length; index++) {
    for (const second of accounts.slice(index + 1)) {
      const first = accounts[index]!;
      const was = previous.sees({ accountId: first }, { accountId: second });
      const will = next.sees({ accountId: first }, { accountId: second });
      if (was !== will) pairs.push({ first, second, change: will ? 'newly-see' : 'stop-seeing' });
    }
  }
  return pairs;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

/** The preview of replacing today's federations by `after`. */
export async function previewVisibilityChange(directory: Directory, conversations: Conversations, after: readonly FederationMembership[]): Promise<VisibilityPreview> {
  const before = directory.federationMemberships();
  const changed = changedAccountPairs(directory.accounts.keys(), before, after);
  const changeOf = new Map(changed.map((pair) => [pairKey(pair.first, pair.second), pair.change]));
  const headcount = new Map<string, number>();
  for (const user of directory.users.values()) headcount.set(user.accountId, (headcount.get(user.accountId) ?? 0) + 1);
  const account = (id: string): AccountHeadcount => ({ id, name: directory.accountName(id), people: headcount.get(id) ?? 0 });

  const accountPairs = changed.map(({ first, second, change }) => {
    const accounts: [AccountHeadcount, AccountHeadcount] = [account(first), account(second)];
    return { change, accounts, pairs: accounts[0].people * accounts[1].people };
  });

  const next = new VisibilityGraph(after);
  const channels: ChannelChange[] = [];
  for (const channel of await conversations.channelsWithMembers()) {
    const people = channel.memberIds.flatMap((userId) => directory.user(userId) ?? []);
    const concerned = { shared: { pairs: 0, accounts: new Set<string>() }, stranded: { pairs: 0, accounts: new Set<string>() } };
    let strandedAfter = false;
    for (let index = 0; index < people.length; index++) {
      for (const other of people.slice(index + 1)) {
        const member = people[index]!;
        if (!next.sees(member, other)) strandedAfter = true;
        const change = changeOf.get(pairKey(member.accountId, other.accountId));
        if (!change) continue;
        const entry = change === 'newly-see' ? concerned.shared : concerned.stranded;
        entry.pairs += 1;
        entry.accounts.add(member.accountId).add(other.accountId);
      }
    }
    for (const change of ['shared', 'stranded'] as const) {
      const entry = concerned[change];
      if (entry.pairs === 0) continue;
      channels.push({
        change,
        kind: channel.kind,
        channelId: channel.id,
        name: channel.name ?? groupName(people),
        owner: channel.accountId === null ? null : { id: channel.accountId, name: directory.accountName(channel.accountId) },
        pairs: entry.pairs,
        accounts: [...entry.accounts].map((accountId) => directory.accountName(accountId)).sort((a, b) => a.localeCompare(b)),
        strandedAfter,
      });
    }
  }

  const directChats = { hidden: 0, restored: 0 };
  for (const [first, second] of await conversations.directPairs()) {
    const a = directory.user(first);
    const b = directory.user(second);
    const change = a && b ? changeOf.get(pairKey(a.accountId, b.accountId)) : undefined;
    if (change === 'newly-see') directChats.restored += 1;
    else if (change === 'stop-seeing') directChats.hidden += 1;
  }
  return { accountPairs, channels, directChats };
}

/** A group chat as support names it: its members, whom support sees all of. */
export function groupName(people: ReadonlyArray<{ displayName: string }>): string {
  return people
    .map((person) => person.displayName)
    .sort((a, b) => a.localeCompare(b))
    .join(', ');
}

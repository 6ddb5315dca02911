/**
 * Loads a seed file (SPEC 5) into an empty database. Everything is checked before anything is
 * written, and the writing is one transaction: a bad seed changes nothing.
 */
import { readFileSync } from 'node:fs';
import { normalizeEmoji } from '../../src-shared/domain/emoji';
import { seedMentions } from '../../src-shared/domain/mentions';
import { toNorthAmericanE164 } from '../../src-shared/domain/phone';
import { VisibilityGraph } from '../../src-shared/domain/visibility';
import { maxReactionsPerMessage } from '../../src-shared/protocol/reactionProtocol';
import { hashSeedPassword } from '../auth/passwords';
import type { Store } from '../store/repositories';
import { seedSchema, type Seed } from './seedSchema';

/** A seed that breaks a rule: names the file, the place in it (a JSON path) and the rule. */
export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly rule: string,
  ) {
    super(`${file}: ${jsonPath}: ${rule}`);
    this.name = 'SeedError';
  }
}

const seedFileKey = Symbol.for('meridian.seedFile');

/**
 * Marks a seed read from a file (a test's, say) with that file's name, so that a mistake in it is
 * reported with the file, as one given to `--seed` is: a seed passed as data has no name of its own.
 */
export function namedSeed<T extends object>(seed: T, file: string): T {
  Object.defineProperty(seed, seedFileKey, { value: file, enumerable: false, configurable: true });
  return seed;
}

/** The file a seed was read from, when it says (see `namedSeed`). */
export function seedFileOf(seed: unknown): string | undefined {
  const file = typeof seed === 'object' && seed !== null ? (seed as Record<symbol, unknown>)[seedFileKey] : undefined;
  return typeof file === 'string' ? file : undefined;
}

/** A seed whose every rule holds, with phone numbers normalized to E.164. */
export interface ValidSeed extends Seed {
  readonly validated: true;
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), '$');
}

export function readSeedFile(file: string): ValidSeed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(file, '$', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(file, '$', `is not valid JSON (${(error as Error).message})`);
  }
  return validateSeed(json, file);
}

/**
 * Checks structure and every cross-record rule of SPEC 5; throws the first SeedError found, naming
 * `file`: by default the file the seed says it was read from.
 */
export function validateSeed(json: unknown, file = seedFileOf(json) ?? 'a seed given as data (read from no file)'): ValidSeed {
  const parsed = seedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SeedError(file, jsonPath(issue.path), issue.message);
  }
  const seed = structuredClone(parsed.data);
  const problem = (path: string, rule: string): never => {
    throw new SeedError(file, path, rule);
  };

  const unique = <T>(items: readonly T[], key: (item: T) => string | undefined, where: (index: number) => string, what: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const value = key(item);
      if (value === undefined) return;
      const first = seen.get(value);
      if (first !== undefined) problem(where(index), `${what} "${value}" is already used at ${where(first)}`);
      seen.set(value, index);
    });
  };

  const accountIds = new Set(seed.accounts.map((account) => account.id));
  unique(seed.accounts, (account) => account.id, (i) => `$.accounts[${i}].id`, 'account id');

  const userById = new Map(seed.users.map((user) => [user.id, user]));
  unique(seed.users, (user) => user.id, (i) => `$.users[${i}].id`, 'user id');
  unique(seed.users, (user) => user.email.toLowerCase(), (i) => `$.users[${i}].email`, 'email (emails are unique, ignoring case)');
  unique(
    seed.users,
    (user) => (user.extension === undefined ? undefined : `${user.accountId}/${user.extension}`),
    (i) => `$.users[${i}].extension`,
    'extension (unique within an account)',
  );
  seed.users.forEach((user, index) => {
    if (!accountIds.has(user.accountId)) problem(`$.users[${index}].accountId`, `account "${user.accountId}" does not exist`);
    for (const field of ['phone', 'mobile'] as const) {
      const value = user[field];
      if (value === undefined) continue;
      const e164 = toNorthAmericanE164(value);
      if (!e164) problem(`$.users[${index}].${field}`, `"${value}" is not a valid 10-digit North American number`);
      user[field] = e164 ?? undefined;
    }
  });
  const numbers = seed.users.flatMap((user, index) =>
    (['phone', 'mobile'] as const).flatMap((field) => (user[field] ? [{ number: user[field], at: `$.users[${index}].${field}` }] : [])),
  );
  const numberSeen = new Map<string, string>();
  for (const { number, at } of numbers) {
    const first = numberSeen.get(number!);
    if (first) problem(at, `number ${number} is already used at ${first} (numbers are unique across all accounts)`);
    numberSeen.set(number!, at);
  }

  const federations = seed.federations ?? [];
  unique(federations, (federation) => federation.id, (i) => `$.federations[${i}].id`, 'federation id');
  federations.forEach((federation, index) => {
    federation.accountIds.forEach((accountId, position) => {
      if (!accountIds.has(accountId)) problem(`$.federations[${index}].accountIds[${position}]`, `account "${accountId}" does not exist`);
    });
    if (new Set(federation.accountIds).size !== federation.accountIds.length) {
      problem(`$.federations[${index}].accountIds`, 'a federation has 2 to 10 distinct accounts; an account is listed twice');
    }
  });

  const channels = seed.channels ?? [];
  unique(channels, (channel) => channel.id, (i) => `$.channels[${i}].id`, 'channel id');
  const channelById = new Map(channels.map((channel) => [channel.id, channel]));
  channels.forEach((channel, index) => {
    if (!accountIds.has(channel.accountId)) problem(`$.channels[${index}].accountId`, `account "${channel.accountId}" does not exist`);
    (channel.members ?? []).forEach((member, position) => {
      if (!userById.has(member)) problem(`$.channels[${index}].members[${position}]`, `user "${member}" does not exist`);
    });
    unique(channel.members ?? [], (member) => member, (i) => `$.channels[${index}].members[${i}]`, 'member');
  });

  // Group chats (SPEC 7): 3 to 10 people who all see each other.
  const visibility = new VisibilityGraph(federations);
  const accountName = (accountId: string) => seed.accounts.find((account) => account.id === accountId)?.name ?? accountId;
  const groups = seed.groups ?? [];
  unique(groups, (group) => group.id, (i) => `$.groups[${i}].id`, 'group id');
  const groupById = new Map(groups.map((group) => [group.id, group]));
  groups.forEach((group, index) => {
    if (channelById.has(group.id)) problem(`$.groups[${index}].id`, `"${group.id}" is already a channel's id (every conversation has its own)`);
    group.members.forEach((member, position) => {
      if (!userById.has(member)) problem(`$.groups[${index}].members[${position}]`, `user "${member}" does not exist`);
    });
    unique(group.members, (member) => member, (i) => `$.groups[${index}].members[${i}]`, 'member');
    group.members.forEach((first, position) => {
      for (const second of group.members.slice(position + 1)) {
        const [one, other] = [userById.get(first)!, userById.get(second)!];
        if (!visibility.sees(one, other)) {
          problem(
            `$.groups[${index}].members`,
            `"${first}" (${accountName(one.accountId)}) and "${second}" (${accountName(other.accountId)}) cannot see each other: everyone in a group chat must see everyone else (their accounts need a federation)`,
          );
        }
      }
    });
  });

  const messages = seed.messages ?? [];
  unique(messages, (message) => message.id, (i) => `$.messages[${i}].id`, 'message id');
  const messageById = new Map(messages.flatMap((message) => (message.id === undefined ? [] : [[message.id, message] as const])));
  /** Which conversation a message is in, as one string: a reply must be in its thread's. */
  const placeOf = (message: (typeof messages)[number]) =>
    message.channel !== undefined ? `channel ${message.channel}` : message.group !== undefined ? `group ${message.group}` : `direct ${[...message.direct!].sort().join(' ')}`;
  messages.forEach((message, index) => {
    const at = `$.messages[${index}]`;
    // Messages without an id are named seed-0, seed-1… in the order of their times.
    if (message.id !== undefined && /^seed-\d+$/.test(message.id)) problem(`${at}.id`, `"${message.id}" is kept for messages without an id: choose another`);
    if (!userById.has(message.from)) problem(`${at}.from`, `user "${message.from}" does not exist`);
    if (message.replyTo !== undefined) {
      const root = messageById.get(message.replyTo);
      if (!root) problem(`${at}.replyTo`, `message "${message.replyTo}" does not exist (a message is referred to by its "id")`);
      if (root!.replyTo !== undefined) problem(`${at}.replyTo`, `message "${message.replyTo}" is itself a reply: a reply goes in the thread of the message that started it`);
      if (placeOf(root!) !== placeOf(message)) problem(`${at}.replyTo`, `message "${message.replyTo}" is in another conversation: a reply is in its thread's conversation`);
      if (Date.parse(root!.at) >= Date.parse(message.at)) problem(`${at}.at`, `a reply comes after the message it answers (${root!.at})`);
    }
    if (message.group !== undefined) {
      const group = groupById.get(message.group);
      if (!group) problem(`${at}.group`, `group "${message.group}" does not exist`);
      if (!group!.members.includes(message.from)) problem(`${at}.from`, `"${message.from}" is not a member of group "${message.group}" (members write, others cannot)`);
    } else if (message.channel !== undefined) {
      const channel = channelById.get(message.channel);
      if (!channel) problem(`${at}.channel`, `channel "${message.channel}" does not exist`);
      if (!(channel?.members ?? []).includes(message.from)) {
        problem(`${at}.from`, `"${message.from}" is not a member of channel "${message.channel}" (members write, others cannot)`);
      }
    } else if (message.direct) {
      message.direct.forEach((userId, position) => {
        if (!userById.has(userId)) problem(`${at}.direct[${position}]`, `user "${userId}" does not exist`);
      });
      if (message.direct[0] === message.direct[1]) problem(`${at}.direct`, 'a direct chat is between two different people');
      if (!message.direct.includes(message.from)) problem(`${at}.from`, `"${message.from}" is not one of the two people of this direct chat`);
    }
    const members =
      message.group !== undefined ? (groupById.get(message.group)?.members ?? []) : message.channel !== undefined ? (channelById.get(message.channel)?.members ?? []) : (message.direct ?? []);
    const author = userById.get(message.from)!;
    for (const userId of seedMentions(message.text).userIds) {
      const person = userById.get(userId);
      if (!person) problem(`${at}.text`, `mentions <@${userId}>, who does not exist`);
      if (!members.includes(userId)) problem(`${at}.text`, `mentions <@${userId}>, who is not a member of this conversation`);
      if (!visibility.sees(author, person!)) problem(`${at}.text`, `mentions <@${userId}>, whom "${message.from}" does not see (mentions offer only people the writer sees)`);
    }
    const reactions = Object.entries(message.reactions ?? {});
    if (reactions.length > maxReactionsPerMessage) problem(`${at}.reactions`, `a message carries at most ${maxReactionsPerMessage} different reactions`);
    const normalized: Record<string, string[]> = {};
    for (const [emoji, userIds] of reactions) {
      const where = `${at}.reactions[${JSON.stringify(emoji)}]`;
      const key = normalizeEmoji(emoji);
      if (key === null) problem(where, `"${emoji}" is not one emoji`);
      if (normalized[key!]) problem(where, `the same emoji as another key of this message`);
      userIds.forEach((userId, position) => {
        if (!userById.has(userId)) problem(`${where}[${position}]`, `user "${userId}" does not exist`);
        if (!members.includes(userId)) problem(`${where}[${position}]`, `"${userId}" is not a member of this conversation (members react, others cannot)`);
      });
      unique(userIds, (userId) => userId, (position) => `${where}[${position}]`, 'person (one reaction per person and emoji)');
      normalized[key!] = userIds;
    }
    if (message.reactions) message.reactions = normalized;
  });

  const normalizeNumber = (value: string, at: string): string => {
    const e164 = toNorthAmericanE164(value) ?? (/^\+[1-9]\d{6,14}$/.test(value) ? value : null);
    if (!e164) problem(at, `"${value}" is not a phone number (use E.164, like +14155550101)`);
    return e164!;
  };
  (seed.calls ?? []).forEach((call, index) => {
    if (!userById.has(call.user)) problem(`$.calls[${index}].user`, `user "${call.user}" does not exist`);
    call.number = normalizeNumber(call.number, `$.calls[${index}].number`);
  });
  (seed.voicemails ?? []).forEach((voicemail, index) => {
    if (!userById.has(voicemail.user)) problem(`$.voicemails[${index}].user`, `user "${voicemail.user}" does not exist`);
    voicemail.from = normalizeNumber(voicemail.from, `$.voicemails[${index}].from`);
  });

  return { ...seed, validated: true };
}

export interface LoadSeedOptions {
  /** Demo data: the sign-in screen lists its people and signs them in with one click. */
  demo?: boolean;
}

/** Writes a validated seed into an empty database (whichever engine holds it), in one transaction. */
export async function loadSeed(store: Store, seed: ValidSeed, options: LoadSeedOptions & { at?: string } = {}): Promise<void> {
  // One hash per distinct password, not per person: a scenario of 100,000 people who all use
  // "demo" costs one hash (70 ms), not two hours. Every hash is at full strength, so a person who
  // has never signed in answers a wrong password as slowly as anyone (issue 18 #7). People who
  // share a seed password share its hash and salt, which says no more than the seed file itself,
  // where the password is plain text (passwords.ts).
  const distinct = [...new Set(seed.users.map((user) => user.password))];
  const hashOf = new Map(distinct.map((password, index) => [password, index]));
  const distinctHashes = await Promise.all(distinct.map((password) => hashSeedPassword(password)));
  const passwordHashes = seed.users.map((user) => distinctHashes[hashOf.get(user.password)!]!);
  await store.writeSeed({ seed, passwordHashes, demo: options.demo ?? false, at: options.at ?? new Date().toISOString() });
}

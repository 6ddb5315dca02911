import { describe, expect, it } from 'vitest';
import { richSeed } from '../testing/richSeed';
import { basicSeed } from '../testing/testServer';
import { openSqliteStore } from '../store/sqlite/sqliteStore';
import { bundledDemoSeedPath } from '../server';
import { loadSeed, readSeedFile, SeedError, validateSeed } from './loadSeed';
import { wordToken } from '../domain/messageSearch';

type MutableSeed = ReturnType<typeof basicSeed> & Record<string, unknown>;

interface SeedMessage {
  id?: string;
  channel?: string;
  direct?: [string, string];
  group?: string;
  from: string;
  text: string;
  at: string;
  replyTo?: string;
}

/** The basic seed with a group chat of Alice, Brian and Bella, a message in it and a reply to it (messages[3] and [4]). */
function withThreads(seed: MutableSeed): { groups: Array<{ id: string; members: string[] }>; messages: SeedMessage[] } {
  const rich = seed as unknown as { groups: Array<{ id: string; members: string[] }>; messages: SeedMessage[] };
  rich.groups ??= [{ id: 'g-care', members: ['nw-alice', 'nw-brian', 'ct-bella'] }];
  if (rich.messages.length === 3) {
    rich.messages.push({ id: 'm-plan', group: 'g-care', from: 'nw-alice', text: 'Care plan for bed 4?', at: '2026-11-20T16:00:00Z' });
    rich.messages.push({ group: 'g-care', from: 'ct-bella', text: 'Reviewed, looks right.', at: '2026-11-20T16:05:00Z', replyTo: 'm-plan' });
  }
  return rich;
}

function refusal(change: (seed: MutableSeed) => void): SeedError {
  const seed = basicSeed() as MutableSeed;
  change(seed);
  try {
    validateSeed(seed, 'test-seed.json');
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error('the seed was accepted');
}

describe('validateSeed', () => {
  it('accepts the basic fixture and normalizes numbers to E.164', () => {
    const seed = validateSeed(basicSeed());
    expect(seed.users.find((user) => user.id === 'nw-alice')?.phone).toBe('+14155550101');
  });

  it.each<[string, (seed: MutableSeed) => void, string, RegExp]>([
    ['missing accounts', (seed) => delete (seed as Partial<MutableSeed>).accounts, '$.accounts', /expected array/],
    ['duplicate user id', (seed) => (seed.users[1]!.id = 'nw-alice'), '$.users[1].id', /already used at \$\.users\[0\]\.id/],
    ['duplicate email ignoring case', (seed) => (seed.users[1]!.email = 'ALICE@northwind.example'), '$.users[1].email', /emails are unique/],
    ['bad extension', (seed) => (seed.users[0]!.extension = '12'), '$.users[0].extension', /3 to 6 digits/],
    ['extension repeated in one account', (seed) => (seed.users[1]!.extension = '1201'), '$.users[1].extension', /unique within an account/],
    ['7-digit phone', (seed) => (seed.users[0]!.phone = '5550101'), '$.users[0].phone', /10-digit North American/],
    ['phone used twice', (seed) => (seed.users[1]!.phone = '(415) 555-0101'), '$.users[1].phone', /already used/],
    ['unknown presence', (seed) => (seed.users[0]!.presence = 'sleeping'), '$.users[0].presence', /Invalid option/],
    ['status message too long', (seed) => (seed.users[0]!.statusMessage = 'x'.repeat(101)), '$.users[0].statusMessage', /at most 100/],
    ['a person named UNKNOWN USER (issue 18 #8)', (seed) => (seed.users[1]!.displayName = 'UNKNOWN USER'), '$.users[1].displayName', /reads as UNKNOWN USER/],
    ['UNKNOWN USER in look-alike letters', (seed) => (seed.users[1]!.displayName = 'UΝΚΝОWΝ USЕR'), '$.users[1].displayName', /reads as UNKNOWN USER/],
    ['UNKNOWN USER with a zero-width space', (seed) => (seed.users[1]!.displayName = 'Unknown\u200b User'), '$.users[1].displayName', /reads as UNKNOWN USER/],
    ['a name of invisible characters only', (seed) => (seed.users[1]!.displayName = '\u200b\u200d\u3164'), '$.users[1].displayName', /too_small|>=1|at least/i],
    ['user of a missing account', (seed) => (seed.users[0]!.accountId = '999'), '$.users[0].accountId', /does not exist/],
    ['federation of one account', (seed) => (seed.federations[0]!.accountIds = ['100100']), '$.federations[0].accountIds', /2 to 10/],
    ['federation with an account twice', (seed) => (seed.federations[0]!.accountIds = ['100100', '100100']), '$.federations[0].accountIds', /distinct/],
    ['federation of eleven accounts', (seed) => (seed.federations[0]!.accountIds = Array.from({ length: 11 }, (_, i) => String(i))), '$.federations[0].accountIds', /2 to 10/],
    ['federation of a missing account', (seed) => (seed.federations[0]!.accountIds = ['100100', '999']), '$.federations[0].accountIds[1]', /does not exist/],
    ['channel member missing', (seed) => seed.channels[0]!.members.push('ghost'), '$.channels[0].members[2]', /does not exist/],
    ['author not a member', (seed) => (seed.messages[0]!.from = 'ct-bella'), '$.messages[0].from', /not a member/],
    ['bad date', (seed) => (seed.messages[0]!.at = 'yesterday'), '$.messages[0].at', /ISO 8601/],
    ['call of a missing user', (seed) => (seed.calls[0]!.user = 'ghost'), '$.calls[0].user', /does not exist/],
    ['unknown field', (seed) => ((seed.users[0] as Record<string, unknown>).nickname = 'Al'), '$.users[0]', /nickname/],
    ['missing required field', (seed) => delete (seed.users[0] as Partial<(typeof seed.users)[0]>).email, '$.users[0].email', /expected string/],
    ['group of two', (seed) => (withThreads(seed).groups[0]!.members = ['nw-alice', 'nw-brian']), '$.groups[0].members', /3 to 10 people/],
    ['group of eleven', (seed) => (withThreads(seed).groups[0]!.members = Array.from({ length: 11 }, (_, i) => `u${i}`)), '$.groups[0].members', /3 to 10 people/],
    ['group member missing', (seed) => (withThreads(seed).groups[0]!.members[2] = 'ghost'), '$.groups[0].members[2]', /does not exist/],
    ['group member twice', (seed) => (withThreads(seed).groups[0]!.members[2] = 'nw-alice'), '$.groups[0].members[2]', /already used/],
    ['group of people who do not see each other', (seed) => (withThreads(seed).groups[0]!.members[2] = 'fb-bob'), '$.groups[0].members', /"nw-alice" \(Northwind Health\) and "fb-bob" \(Fabrikam Labs\) cannot see each other/],
    ['group with a channel’s id', (seed) => (withThreads(seed).groups[0]!.id = 'ch-nw-general'), '$.groups[0].id', /already a channel's id/],
    ['message in a missing group', (seed) => (withThreads(seed).messages[3]!.group = 'g-ghost'), '$.messages[3].group', /does not exist/],
    ['group message by a non-member', (seed) => (withThreads(seed).messages[3]!.from = 'ct-carl'), '$.messages[3].from', /not a member of group/],
    ['message in a channel and a group', (seed) => (withThreads(seed).messages[3]!.channel = 'ch-nw-general'), '$.messages[3]', /exactly one of "channel", "direct" and "group"/],
    ['message id used twice', (seed) => (withThreads(seed).messages[4]!.id = 'm-plan'), '$.messages[4].id', /already used/],
    ['reply to a missing message', (seed) => (withThreads(seed).messages[4]!.replyTo = 'm-ghost'), '$.messages[4].replyTo', /does not exist/],
    ['reply to a reply', (seed) => { const messages = withThreads(seed).messages; messages[4]!.id = 'm-answer'; messages.push({ group: 'g-care', from: 'nw-alice', text: 'x', at: '2026-11-20T16:30:00Z', replyTo: 'm-answer' }); }, '$.messages[5].replyTo', /itself a reply/],
    ['reply in another conversation', (seed) => { const reply = withThreads(seed).messages[4]!; delete reply.group; reply.channel = 'ch-nw-general'; reply.from = 'nw-brian'; }, '$.messages[4].replyTo', /another conversation/],
    ['reply before its thread', (seed) => (withThreads(seed).messages[4]!.at = '2026-11-20T15:59:00Z'), '$.messages[4].at', /comes after the message it answers/],
    ['two messages with one id', (seed) => [0, 1].forEach((index) => Object.assign(seed.messages[index]!, { id: 'm-1' })), '$.messages[1].id', /message id "m-1" is already used at \$\.messages\[0\]\.id/],
    ['a message id of the automatic form', (seed) => Object.assign(seed.messages[0]!, { id: 'seed-7' }), '$.messages[0].id', /kept for messages without an id/],
    ['a reaction that is not one emoji', (seed) => Object.assign(seed.messages[1]!, { reactions: { ':+1:': ['ct-bella'] } }), '$.messages[1].reactions[":+1:"]', /not one emoji/],
    ['two spellings of one emoji', (seed) => Object.assign(seed.messages[1]!, { reactions: { '👍': ['ct-bella'], '👍\uFE0F': ['fb-bob'] } }), '$.messages[1].reactions["👍️"]', /same emoji as another key/],
    ['a reaction by nobody', (seed) => Object.assign(seed.messages[1]!, { reactions: { '👍': [] } }), '$.messages[1].reactions.👍', /leave the emoji out/],
    ['a reaction by someone who does not exist', (seed) => Object.assign(seed.messages[1]!, { reactions: { '👍': ['ghost'] } }), '$.messages[1].reactions["👍"][0]', /does not exist/],
    ['a reaction by someone not a member', (seed) => Object.assign(seed.messages[1]!, { reactions: { '👍': ['ct-carl'] } }), '$.messages[1].reactions["👍"][0]', /not a member of this conversation/],
    ['one person reacting twice with one emoji', (seed) => Object.assign(seed.messages[1]!, { reactions: { '🎉': ['ct-bella', 'ct-bella'] } }), '$.messages[1].reactions["🎉"][1]', /one reaction per person and emoji/],
    ['51 different reactions', (seed) => Object.assign(seed.messages[1]!, { reactions: Object.fromEntries([...'😀😁😂😃😄😅😆😇😈😉😊😋😌😍😎😏😐😑😒😓😔😕😖😗😘😙😚😛😜😝😞😟😠😡😢😣😤😥😦😧😨😩😪😫😬😭😮😯😰😱😲😳'].map((face) => [face, ['ct-bella']])) }), '$.messages[1].reactions', /at most 50/],
    ['a mention of someone who does not exist', (seed) => (seed.messages[1]!.text = 'hi <@ghost>'), '$.messages[1].text', /<@ghost>, who does not exist/],
    ['a mention of someone not a member', (seed) => (seed.messages[1]!.text = 'hi <@ct-carl>'), '$.messages[1].text', /not a member of this conversation/],
    ['a mention of someone the author does not see', (seed) => (seed.messages[1]!.text = 'hi <@nw-alice>'), '$.messages[1].text', /whom "fb-bob" does not see/],
  ])('refuses %s, naming the file, the place and the rule', (_name, change, jsonPath, rule) => {
    const error = refusal(change);
    expect(error.file).toBe('test-seed.json');
    expect(error.jsonPath).toBe(jsonPath);
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(`test-seed.json: ${jsonPath}: `);
  });
});

describe('loadSeed', () => {
  it('keeps one direct chat for two people, whatever the number of their messages', async () => {
    const seed = basicSeed();
    seed.messages.push({ direct: ['ct-bella', 'nw-alice'], from: 'nw-alice', text: 'Sure, at 3?', at: '2026-11-20T15:11:00Z' });
    const store = openSqliteStore(':memory:');
    const { db } = store;
    await loadSeed(store, validateSeed(seed));
    expect(db.prepare("SELECT COUNT(*) AS count FROM conversations WHERE kind = 'direct'").get()).toEqual({ count: 1 });
    expect(db.prepare("SELECT seq, text FROM messages WHERE conversation_id LIKE 'dm-%' ORDER BY seq").all()).toEqual([
      { seq: 1, text: 'Hi Alice, can we talk today?' },
      { seq: 2, text: 'Sure, at 3?' },
    ]);
  });

  it('loads group chats, message ids and thread replies: the reply in its thread, counted on its first message', async () => {
    const seed = basicSeed() as MutableSeed;
    withThreads(seed);
    const store = openSqliteStore(':memory:');
    const { db } = store;
    await loadSeed(store, validateSeed(seed));
    expect(db.prepare("SELECT id, kind FROM conversations WHERE kind = 'group'").all()).toEqual([{ id: 'g-care', kind: 'group' }]);
    expect(db.prepare("SELECT user_id AS userId FROM conversation_members WHERE conversation_id = 'g-care' ORDER BY user_id").all()).toEqual([{ userId: 'ct-bella' }, { userId: 'nw-alice' }, { userId: 'nw-brian' }]);
    expect(db.prepare("SELECT id, seq, thread_id AS threadId, reply_count AS replyCount FROM messages WHERE conversation_id = 'g-care' ORDER BY seq").all()).toEqual([
      { id: 'm-plan', seq: 1, threadId: null, replyCount: 1 },
      { id: expect.stringMatching(/^seed-\d+$/), seq: 2, threadId: 'm-plan', replyCount: 0 },
    ]);
    // And message search has them.
    expect(db.prepare('SELECT rowid FROM message_words WHERE message_words MATCH ?').all(`"${wordToken('g-care', 'review')}"`)).toHaveLength(1);
  });

  it('loads messages with their ids, reactions and mentions', async () => {
    const store = openSqliteStore(':memory:');
    const { db } = store;
    await loadSeed(store, validateSeed(richSeed()));
    expect(db.prepare("SELECT emoji, user_id AS userId FROM reactions WHERE message_id = 'm-plan' ORDER BY emoji, rowid").all()).toEqual([
      { emoji: '🎉', userId: 'ct-bella' },
      { emoji: '👍', userId: 'fb-bob' },
      { emoji: '👍', userId: 'nw-alice' },
    ]);
    // The author's own messages never count as mentions of anyone but those named.
    expect(db.prepare("SELECT user_id AS userId, conversation_id AS conversationId, seq FROM mentions ORDER BY user_id").all()).toEqual([
      { userId: 'fb-bob', conversationId: 'ch-ct-deal', seq: 2 },
      { userId: 'nw-alice', conversationId: 'ch-ct-deal', seq: 2 },
    ]);
    expect((db.prepare("SELECT text FROM messages WHERE id = 'm-plan'").get() as { text: string }).text).toBe('Plan for Thursday: \uE000nw-alice\uE001 reviews, \uE000fb-bob\uE001 drafts.');
  });

  it('loads the bundled demo seed', async () => {
    const store = openSqliteStore(':memory:');
    const { db } = store;
    await loadSeed(store, readSeedFile(bundledDemoSeedPath()), { demo: true });
    expect((db.prepare('SELECT COUNT(*) AS count FROM users').get() as { count: number }).count).toBeGreaterThanOrEqual(40);
    expect((db.prepare('SELECT COUNT(DISTINCT account_id) AS count FROM users').get() as { count: number }).count).toBeGreaterThanOrEqual(4);
  });

  it('stores only password hashes', async () => {
    const store = openSqliteStore(':memory:');
    const { db } = store;
    await loadSeed(store, validateSeed(basicSeed()));
    const hashes = db.prepare('SELECT password_hash AS hash FROM users').all() as Array<{ hash: string }>;
    expect(hashes).toHaveLength(6);
    for (const { hash } of hashes) {
      expect(hash).toMatch(/^scrypt\$/);
      expect(hash).not.toContain('demo');
    }
    expect(db.prepare('SELECT COUNT(*) AS count FROM demo_people').get()).toEqual({ count: 0 });
  });
});

/** Writes a validated seed (../../seed/loadSeed.ts) into an empty SQLite database, in one transaction. */
import { seedMentions } from '../../../src-shared/domain/mentions';
import { directConversationId } from '../../domain/conversationIds';
import type { SeedData } from '../repositories';
import type { Db } from './database';

export function writeSqliteSeed(db: Db, { seed, passwordHashes, demo, at: now }: SeedData): void {
  db.transaction(() => {
    const insertAccount = db.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)');
    for (const account of seed.accounts) insertAccount.run(account.id, account.name);

    const insertUser = db.prepare(`INSERT INTO users
      (id, account_id, display_name, email, password_hash, title, department, extension, phone, mobile, seed_presence, status_message, created_at)
      VALUES (@id, @accountId, @displayName, @email, @passwordHash, @title, @department, @extension, @phone, @mobile, @presence, @statusMessage, @createdAt)`);
    const insertDemoPerson = db.prepare('INSERT INTO demo_people (email) VALUES (?)');
    seed.users.forEach((user, index) => {
      insertUser.run({
        id: user.id,
        accountId: user.accountId,
        displayName: user.displayName,
        email: user.email,
        passwordHash: passwordHashes[index],
        title: user.title ?? null,
        department: user.department ?? null,
        extension: user.extension ?? null,
        phone: user.phone ?? null,
        mobile: user.mobile ?? null,
        presence: user.presence ?? null,
        statusMessage: user.statusMessage ?? null,
        createdAt: now,
      });
      if (demo) insertDemoPerson.run(user.email);
    });

    const insertFederation = db.prepare('INSERT INTO federations (id, name, created_at) VALUES (?, ?, ?)');
    const insertFederationAccount = db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)');
    for (const federation of seed.federations ?? []) {
      insertFederation.run(federation.id, federation.name, now);
      for (const accountId of federation.accountIds) insertFederationAccount.run(federation.id, accountId);
    }

    // OR IGNORE: the direct chat of two people is created by their first message and reused after.
    const insertConversation = db.prepare(`INSERT OR IGNORE INTO conversations (id, kind, name, topic, account_id, visibility, created_by, created_at)
      VALUES (@id, @kind, @name, @topic, @accountId, @visibility, NULL, @createdAt)`);
    const insertMember = db.prepare('INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
    for (const channel of seed.channels ?? []) {
      insertConversation.run({
        id: channel.id,
        kind: 'channel',
        name: channel.name,
        topic: channel.topic ?? null,
        accountId: channel.accountId,
        visibility: channel.visibility ?? 'private',
        createdAt: now,
      });
      for (const member of channel.members ?? []) insertMember.run(channel.id, member, now);
    }

    for (const group of seed.groups ?? []) {
      insertConversation.run({ id: group.id, kind: 'group', name: null, topic: null, accountId: null, visibility: null, createdAt: now });
      for (const member of group.members) insertMember.run(group.id, member, now);
    }

    const insertMessage = db.prepare(`INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at, thread_id)
      VALUES (?, ?, (SELECT last_seq + 1 FROM conversations WHERE id = ?), ?, ?, ?, ?)`);
    const insertReaction = db.prepare('INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)');
    const insertMention = db.prepare('INSERT INTO mentions (message_id, user_id, conversation_id, seq) SELECT id, ?, conversation_id, seq FROM messages WHERE id = ?');
    const countReply = db.prepare('UPDATE messages SET reply_count = reply_count + 1, last_reply_at = ? WHERE id = ?');
    const sortedMessages = [...(seed.messages ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    sortedMessages.forEach((message, index) => {
      let conversationId = message.channel ?? message.group;
      if (message.direct) {
        conversationId = directConversationId(message.direct[0], message.direct[1]);
        insertConversation.run({ id: conversationId, kind: 'direct', name: null, topic: null, accountId: null, visibility: null, createdAt: message.at });
        for (const userId of message.direct) insertMember.run(conversationId, userId, message.at);
      }
      const at = new Date(message.at).toISOString();
      // Validated before: a reply's thread started earlier, so it is stored by now under its own id.
      const messageId = message.id ?? `seed-${index}`;
      const mentions = seedMentions(message.text);
      // The conversation's latest number and time follow by trigger (database.ts, 10).
      insertMessage.run(messageId, conversationId, conversationId, message.from, mentions.text, at, message.replyTo ?? null);
      if (message.replyTo !== undefined) countReply.run(at, message.replyTo);
      for (const userId of mentions.userIds) if (userId !== message.from) insertMention.run(userId, messageId);
      for (const [emoji, userIds] of Object.entries(message.reactions ?? {})) for (const userId of userIds) insertReaction.run(messageId, emoji, userId, at);
    });

    // Seeded history reads as already seen, all but each conversation's latest message.
    db.prepare('UPDATE conversation_members SET last_read_seq = MAX(0, (SELECT last_seq - 1 FROM conversations WHERE id = conversation_id))').run();

    const insertCall = db.prepare(`INSERT INTO calls (id, user_id, direction, number, at, outcome, duration_sec) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    (seed.calls ?? []).forEach((call, index) =>
      insertCall.run(`seed-call-${index}`, call.user, call.direction, call.number, new Date(call.at).toISOString(), call.outcome, call.durationSec ?? 0),
    );
    const insertVoicemail = db.prepare(`INSERT INTO voicemails (id, user_id, from_number, at, duration_sec, transcript) VALUES (?, ?, ?, ?, ?, ?)`);
    (seed.voicemails ?? []).forEach((voicemail, index) =>
      insertVoicemail.run(`seed-voicemail-${index}`, voicemail.user, voicemail.from, new Date(voicemail.at).toISOString(), voicemail.durationSec ?? 0, voicemail.transcript ?? ''),
    );
  })();
}

/** Unified search and contact cards (SPEC 1 rules 1–3). */
import { matchedNumber } from '../../src-shared/domain/phone';
import { fail, ok } from '../../src-shared/protocol/ack';
import type { ChannelSummary } from '../../src-shared/protocol/model';
import type { ServerContext } from '../context';
import { maxStatusClearMs } from '../../src-shared/protocol/directoryProtocol';
import { extensionShownTo } from '../domain/policy';
import { broadcastPerson, forgetWatcher, watchPresence } from './broadcast';
import { onCommand, type CommandTable } from './command';

export function registerDirectoryHandlers(context: ServerContext, commands: CommandTable): void {
  const { directory, conversations } = context;

  onCommand(context, commands, 'directory:search', async (viewer, { query, limit }) => {
    const people = directory.searchPeople(viewer, query, limit ?? 20).map((user) => ({
      ...directory.summaryFor(viewer.accountId, user),
      // Extensions are matched (and shown) only inside the viewer's own account.
      matchedNumber: matchedNumber(query, { phone: user.phone, mobile: user.mobile, extension: extensionShownTo(viewer, user) }),
    }));
    const channels: ChannelSummary[] = (await conversations.searchChannels(viewer, query, Math.min(limit ?? 10, 10))).map((channel) => ({
      kind: 'channel',
      ...channel,
      accountName: directory.accountName(channel.accountId),
    }));
    return ok({ query, people, channels });
  });

  onCommand(context, commands, 'presence:set', async (viewer, { presence, statusMessage, statusClearsAt }) => {
    let expiresAt: string | null = null;
    if (statusClearsAt) {
      const at = Date.parse(statusClearsAt);
      const now = context.clock.now();
      if (at <= now || at > now + maxStatusClearMs) return fail('bad_request', 'Clear after must be a time in the next eight days.');
      expiresAt = new Date(at).toISOString();
    }
    const updated = (await directory.setPresence(viewer.id, presence, statusMessage || null, expiresAt)) ?? viewer;
    broadcastPerson(context, updated);
    return ok(directory.summaryFor(viewer.accountId, updated));
  });

  onCommand(context, commands, 'presence:idle', (viewer, { idle }, socket) => {
    if (directory.clientIdle(viewer.id, socket.id, idle)) broadcastPerson(context, directory.user(viewer.id)!);
    return ok(null);
  });

  onCommand(context, commands, 'presence:watch', (viewer, { userIds }, socket) => {
    // Only people the viewer sees are watched; the rest are dropped as if never named.
    const seen = [...new Set(userIds)].filter((userId) => {
      const user = directory.user(userId);
      return user !== undefined && userId !== viewer.id && directory.sees(viewer, user);
    });
    const added = watchPresence(context, socket, seen);
    return ok(added.map((userId) => directory.summaryFor(viewer.accountId, directory.user(userId)!)));
  });
  commands.onDisconnect('forgetting what a client watched', (socket) => forgetWatcher(context, socket));

  onCommand(context, commands, 'person:card', (viewer, { userId }) => {
    const user = directory.user(userId);
    // The same answer for "no such person" and "not visible to you": nothing leaks either way.
    if (!user || !directory.sees(viewer, user)) return fail('not_found', 'This person is not in your directory.');
    return ok(directory.card(viewer, user));
  });
}

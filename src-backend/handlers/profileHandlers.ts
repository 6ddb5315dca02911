/**
 * A person's own profile (SPEC 9 `Profile`): name, title, department, photo, and the time zone
 * their client reports. A change reaches at once everyone who sees the person, each account in
 * its own view (`announcePersonChanged`), and no one else.
 */
import { fail, ok } from '../../src-shared/protocol/ack';
import { rooms, type ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';
import { reservedNameRefusal } from '../domain/names';
import { announceConversationChanged } from './broadcast';
import { onCommand, type CommandTable } from './command';

/**
 * Tells every client of every account that sees `user` (their own included) how they look now:
 * one emit per account, built for that account (its `federated` flag). Visibility is symmetric,
 * so these are the accounts whose people the person sees.
 */
export function announcePersonChanged(context: ServerContext, user: UserRecord): void {
  for (const accountId of context.directory.visibleAccounts(user.accountId)) {
    context.io.to(rooms.account(accountId)).emit('person:changed', { person: context.directory.summaryFor(accountId, user) });
  }
}

/**
 * A group chat is titled by its members' names as each member sees them (SPEC 6): the members of
 * the person's group chats who see them are told it changed (and fetch its title), no one else.
 */
async function retitleGroupChats(context: ServerContext, user: UserRecord): Promise<void> {
  for (const conversationId of await context.conversations.sharedConversationsOf(user.id)) {
    if ((await context.conversations.kind(conversationId)) !== 'group') continue;
    const members = await context.conversations.members(conversationId);
    const seeing = members.filter((memberId) => {
      const member = context.directory.user(memberId);
      return member !== undefined && memberId !== user.id && context.directory.sees(member, user);
    });
    announceConversationChanged(context, conversationId, seeing);
  }
}

export function registerProfileHandlers(context: ServerContext, commands: CommandTable): void {
  const { directory } = context;

  onCommand(context, commands, 'profile:update', async (viewer, { displayName, title, department }) => {
    const refusal = reservedNameRefusal(displayName);
    if (refusal) return fail('bad_request', refusal);
    const before = directory.user(viewer.id);
    const updated = await directory.setProfile(viewer.id, { displayName, title, department });
    if (!updated) return fail('not_found', 'You are no longer in the directory.');
    announcePersonChanged(context, updated);
    if (before && before.displayName !== updated.displayName) await retitleGroupChats(context, updated);
    return ok(directory.card(viewer, updated));
  });

  onCommand(context, commands, 'profile:removePhoto', async (viewer) => {
    const current = directory.user(viewer.id);
    if (!current) return fail('not_found', 'You are no longer in the directory.');
    if (current.photoId === null) return ok(directory.card(viewer, current));
    const updated = await directory.setPhoto(viewer.id, null);
    if (!updated) return fail('not_found', 'You are no longer in the directory.');
    announcePersonChanged(context, updated);
    return ok(directory.card(viewer, updated));
  });

  onCommand(context, commands, 'profile:setTimeZone', async (viewer, { timeZone }) => {
    // Nobody is told: cards are asked for when opened, and show the zone then.
    await directory.setTimeZone(viewer.id, timeZone);
    return ok(null);
  });
}

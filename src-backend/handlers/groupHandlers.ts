/**
 * Group chats (SPEC 7): 3 to 10 people who all see each other when it starts. Adding people,
 * listing them and leaving go through the channel commands, which take group chats too.
 */
import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../src-shared/protocol/ack';
import type { ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';
import { announceConversationChanged, postNotice } from './broadcast';
import { onCommand, type CommandTable } from './command';

export function registerGroupHandlers(context: ServerContext, commands: CommandTable): void {
  const { conversations, directory, views } = context;

  onCommand(context, commands, 'group:create', async (viewer, { memberIds }) => {
    const others = [...new Set(memberIds.filter((userId) => userId !== viewer.id))];
    if (others.length < 2) return fail('bad_request', 'A group chat needs at least two other people; pick one person for a 1:1 chat.');
    const people = others.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can add only people in your directory.');
    const members = [viewer, ...(people as UserRecord[])];
    // Everyone sees everyone when it starts: the viewer sees each of them, so naming them tells the viewer nothing new.
    const apart: string[] = [];
    for (const [index, first] of members.entries()) {
      for (const second of members.slice(index + 1)) {
        if (!directory.sees(first, second)) apart.push(`${describe(context, first)} and ${describe(context, second)}`);
      }
    }
    if (apart.length > 0) {
      return fail(
        'refused',
        `Everyone in a group chat must see everyone else, and these people cannot see each other (their accounts are not federated): ${apart.join('; ')}. Start a channel instead.`,
      );
    }
    const memberIdList = members.map((member) => member.id);
    const existing = await conversations.groupOf(viewer.id, memberIdList);
    if (existing) return ok((await views.summaryOf(viewer, existing))!);
    const id = `g-${randomUUID()}`;
    await conversations.createGroup(id, viewer.id, memberIdList);
    announceConversationChanged(context, id, memberIdList);
    return ok((await views.summaryOf(viewer, id))!);
  });

  onCommand(context, commands, 'group:rename', async (viewer, { conversationId, name }) => {
    const group = await context.access.readable(viewer, conversationId);
    // Only a group chat's members name it; a 1:1 chat keeps the other person's name, a channel has channel:update.
    if (group?.kind !== 'group') return fail('not_found', 'This group chat is not available to you.');
    if (group.name !== name) {
      await conversations.updateChannel(conversationId, { name });
      const renamed = (await conversations.get(conversationId))!;
      // Each member is told it in their own view: the one who named it as they see them, or UNKNOWN USER.
      await postNotice(context, conversationId, viewer.id, { kind: 'named', name: renamed.name });
      announceConversationChanged(context, conversationId, await conversations.members(conversationId));
    }
    return ok((await views.summaryOf(viewer, conversationId))!);
  });
}

/** A person as the group's creator reads them in a refusal: name and account. */
function describe(context: ServerContext, person: UserRecord): string {
  return `${person.displayName} (${context.directory.accountName(person.accountId)})`;
}

/**
 * Message search (SPEC 7): only conversations the viewer is a member of now and may open (a
 * 1:1 chat hidden by a federation change is not searched), newest first, by conversation and by
 * person when asked. Every hit is shown as its conversation shows it: authors as the viewer sees
 * them (UNKNOWN USER otherwise), and an excerpt of the text the viewer may read anyway.
 */
import { fail, ok } from '../../src-shared/protocol/ack';
import type { MessageSearchHit } from '../../src-shared/protocol/model';
import type { ServerContext } from '../context';
import { excerptOf, searchTerms } from '../domain/messageSearch';
import { onCommand, type CommandTable } from './command';

export function registerMessageSearchHandlers(context: ServerContext, commands: CommandTable): void {
  const { access, views, directory, conversations, messageSearch } = context;

  onCommand(context, commands, 'message:search', async (viewer, { query, conversationId, authorId, cursor, limit }) => {
    if (conversationId !== undefined && !(await access.canRead(viewer, conversationId))) return fail('not_found', 'This conversation is not available to you.');
    // Only people the viewer sees: an unknown person's messages, gathered across conversations, would follow them.
    const author = authorId === undefined ? undefined : directory.user(authorId);
    if (authorId !== undefined && (!author || !directory.sees(viewer, author))) return fail('not_found', 'This person is not in your directory.');
    const terms = searchTerms(query);
    if (terms.length === 0) return ok({ items: [], nextCursor: null });
    const page = await messageSearch.search({
      terms,
      conversationId,
      authorId,
      viewerId: viewer.id,
      hidden: await access.hiddenConversations(viewer),
      cursor,
      limit: limit ?? 30,
    });
    if (!page) return fail('bad_request', 'That page cursor is not valid: start again without one.');
    const memberships = await conversations.memberships(
      page.messages.map((message) => message.conversationId),
      viewer.id,
    );
    const titles = await views.titles(viewer, memberships);
    const kinds = new Map(memberships.map((membership) => [membership.id, membership.kind]));
    // Every hit's reactions in one read, as for a page of history.
    const messages = await views.messages(viewer, page.messages);
    const items = page.messages.flatMap((record, index): MessageSearchHit[] => {
      const kind = kinds.get(record.conversationId);
      if (!kind) return [];
      const message = messages[index]!;
      return [{ message, conversation: { id: record.conversationId, kind, title: titles.get(record.conversationId) ?? '' }, ...excerptOf(message.text, message.file?.name ?? null, terms) }];
    });
    return ok({ items, nextCursor: page.nextCursor });
  });
}

/** The seed file format of SPEC section 5: structure here, cross-record rules in validateSeed. */
import { z } from 'zod';
import { maxGroupMembers } from '../../src-shared/protocol/groupProtocol';
import { presenceSchema } from '../../src-shared/protocol/model';
import { nameText, withoutNul } from '../../src-shared/protocol/validate';
import { reservedNameRefusal } from '../domain/names';

const id = z.string().trim().min(1, 'must not be empty').max(200);
const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time, like 2026-11-20T15:00:00Z' });
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();

/** A person's name: cleaned as every name is, never one that reads as UNKNOWN USER (domain/names.ts). */
export const personName = nameText(z.string().min(1).max(200)).superRefine((name, context) => {
  const refusal = reservedNameRefusal(name);
  if (refusal) context.addIssue({ code: 'custom', message: refusal });
});

export const seedSchema = withoutNul(
z
  .object({
    accounts: z.array(z.object({ id, name: z.string().trim().min(1).max(200) }).strict()).min(1, 'needs at least one account'),
    users: z.array(
      z
        .object({
          id,
          accountId: id,
          displayName: personName,
          email: z.string().max(320).pipe(z.email('must be an email address')),
          password: z.string().min(1).max(1000),
          title: nameText(z.string().max(200, 'must be at most 200 characters')).optional(),
          department: nameText(z.string().max(200, 'must be at most 200 characters')).optional(),
          extension: z.string().regex(/^\d{3,6}$/, 'must be 3 to 6 digits').optional(),
          phone: z.string().max(40).optional(),
          mobile: z.string().max(40).optional(),
          presence: presenceSchema.optional(),
          statusMessage: nameText(z.string().max(100, 'must be at most 100 characters')).optional(),
        })
        .strict(),
    ),
    federations: z
      .array(
        z
          .object({
            id,
            name: z.string().trim().min(1).max(200),
            accountIds: z.array(id).min(2, 'a federation has 2 to 10 accounts').max(10, 'a federation has 2 to 10 accounts'),
          })
          .strict(),
      )
      .optional(),
    channels: z
      .array(
        z
          .object({
            id,
            name: nameText(z.string().trim().min(1).max(80)),
            accountId: id,
            visibility: z.enum(['public', 'private']).optional(),
            topic: optionalText(250),
            members: z.array(id).optional(),
          })
          .strict(),
      )
      .optional(),
    groups: z
      .array(
        z
          .object({
            id,
            members: z.array(id).min(3, `a group chat has 3 to ${maxGroupMembers} people`).max(maxGroupMembers, `a group chat has 3 to ${maxGroupMembers} people`),
          })
          .strict(),
      )
      .optional(),
    messages: z
      .array(
        z
          .object({
            /** A name to refer to it by (a thread's first message for `replyTo`, a reaction's message in tests). */
            id: id.optional(),
            channel: id.optional(),
            direct: z.tuple([id, id]).optional(),
            group: id.optional(),
            from: id,
            /** `<@USER_ID>` in it mentions a member the author sees (SPEC 7). */
            text: z.string().min(1).max(10_000),
            at: isoDate,
            /** A thread reply: the id of the message that starts the thread. */
            replyTo: id.optional(),
            /** Emoji reactions: each emoji with the members who reacted with it, e.g. `{ "👍": ["nw-alice"] }`. */
            reactions: z.record(z.string(), z.array(id).min(1, 'lists who reacted: leave the emoji out when nobody did')).optional(),
          })
          .strict()
          .refine((message) => [message.channel, message.direct, message.group].filter((place) => place !== undefined).length === 1, {
            message: 'a message has exactly one of "channel", "direct" and "group"',
          }),
      )
      .optional(),
    calls: z
      .array(
        z
          .object({
            user: id,
            direction: z.enum(['in', 'out']),
            number: z.string().min(1).max(40),
            at: isoDate,
            outcome: z.enum(['answered', 'missed', 'declined', 'no answer', 'busy', 'cancelled', 'failed', 'voicemail']),
            durationSec: z.number().int().min(0).max(86_400).optional(),
          })
          .strict(),
      )
      .optional(),
    voicemails: z
      .array(
        z
          .object({
            user: id,
            from: z.string().min(1).max(40),
            at: isoDate,
            durationSec: z.number().int().min(0).max(3_600).optional(),
            transcript: z.string().max(5_000).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict(),
);

export type Seed = z.infer<typeof seedSchema>;
export type SeedUser = Seed['users'][number];

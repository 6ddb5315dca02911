/**
 * The support console's channel to a running backend: `POST /api/admin` with
 * `Authorization: Bearer <support token>` and one command per request. Shared by the backend
 * (which validates every request with these schemas) and the console (which builds them).
 */
import { z } from 'zod';

const id = z.string().trim().min(1).max(200);
const accountList = z.array(id).min(1).max(20);

/** `ID=WHO[:written|:verbal]`: who consented for an account, and how. */
export const consentSchema = z.object({
  accountId: id,
  who: z.string().trim().min(1, 'names who consented').max(200),
  form: z.enum(['written', 'verbal']),
});
export type Consent = z.infer<typeof consentSchema>;

export const adminCommandSchemas = {
  'account list': z.object({}).strict(),
  'user add': z
    .object({
      accountId: id,
      name: z.string().trim().min(1).max(200),
      email: z.string().max(320).pipe(z.email('must be an email address')),
      password: z.string().min(1).max(1000),
      phone: z.string().max(40).optional(),
      extension: z.string().regex(/^\d{3,6}$/, 'an extension is 3 to 6 digits').optional(),
      title: z.string().max(200).optional(),
    })
    .strict(),
  'user remove': z.object({ userId: id }).strict(),
  'federation list': z.object({}).strict(),
  'federation show': z.object({ federationId: id }).strict(),
  'federation create': z
    .object({ name: z.string().trim().min(1).max(200), accountIds: accountList, consents: z.array(consentSchema).max(20), confirmAllSeeAll: z.boolean() })
    .strict(),
  'federation add-accounts': z
    .object({ federationId: id, accountIds: accountList, consents: z.array(consentSchema).max(20), confirmAllSeeAll: z.boolean() })
    .strict(),
  'federation remove-accounts': z.object({ federationId: id, accountIds: accountList, ackChannelCleanup: z.boolean() }).strict(),
  'federation delete': z.object({ federationId: id, ackChannelCleanup: z.boolean() }).strict(),
  'channels stranded': z.object({ federationId: id.optional() }).strict(),
  'channel remove-member': z.object({ channelId: id, userId: id }).strict(),
  audit: z.object({ federationId: id.optional() }).strict(),
} as const;

export type AdminCommand = keyof typeof adminCommandSchemas;
export type AdminArguments<C extends AdminCommand> = z.infer<(typeof adminCommandSchemas)[C]>;

export const adminRequestSchema = z.object({ command: z.enum(Object.keys(adminCommandSchemas) as [AdminCommand, ...AdminCommand[]]), arguments: z.unknown() }).strict();

/** The answer to every admin request. `refused` means a federation rule said no (exit 1). */
export type AdminResponse =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: 'refused' | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | 'internal'; rule?: string; message: string } };

export const adminPath = '/api/admin';

/**
 * The support console's channel to a running backend: `POST /api/admin` with
 * `Authorization: Bearer <support token>` and one command per request. Shared by the backend
 * (which validates every request with these schemas, and so does FederationService for callers
 * in the same process, such as the test fixtures) and the console (which builds them).
 */
import { z } from 'zod';
import { nameText, withoutNulInEach } from '../../src-shared/protocol/validate';
import { personName } from '../seed/seedSchema';

const id = z.string().trim().min(1).max(200);
const accountList = z.array(id, { error: 'a list of account ids, like ["100100", "200200"]' }).min(1).max(20);

/** The two forms a consent may take (SPEC 1 "Changing a federation"). */
export const consentForms = ['written', 'verbal'] as const;

/** Who consented for an account, and how: `ID=WHO:written` or `ID=WHO:verbal` on the console. */
export const consentSchema = z.object({
  accountId: id,
  who: z.string().trim().min(1, 'names who consented').max(200),
  form: z.enum(consentForms, { error: 'is "written" or "verbal"' }),
});
export type Consent = z.infer<typeof consentSchema>;

const consents = z.array(consentSchema, { error: 'one consent record per account involved: { accountId, who, form: "written" | "verbal" }' }).max(20);

/** Recorded in the audit log with every change: who made it (the console sends the operator's name), and why (a ticket, a request). */
const auditFields = {
  operator: z.string().trim().min(1).max(100).optional(),
  reason: z.string().trim().min(1).max(500).optional(),
};
/** Shows what a change would do without making it. */
const dryRun = z.boolean().optional();

/** An id support chooses for an account: digits, like the accounts of the seeds (`100234`). */
const accountId = z.string().trim().regex(/^\d{3,12}$/, 'an account id is 3 to 12 digits, like 100234');
/** An id support chooses for a federation, so a command that names it can be written down before it exists. */
const federationId = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a federation id is 2 to 63 lower-case letters, digits and dashes, like fed-northwind-contoso');
const federationName = z.string().trim().min(1).max(200);
/** A change that asks for it is previewed first and made only when confirmed. */
const confirm = z.boolean().optional();

export const adminCommandSchemas = withoutNulInEach({
  'account list': z.object({}).strict(),
  /** A new account (a company); without `id`, an unused 6-digit one is chosen. */
  'account add': z.object({ id: accountId.optional(), name: z.string().trim().min(1).max(200), ...auditFields }).strict(),
  'user add': z
    .object({
      accountId: id,
      name: personName,
      email: z.string().max(320).pipe(z.email('must be an email address')),
      /** Checked for strength against the person's name and email (rule password-strength). */
      password: z.string().min(1).max(1000),
      phone: z.string().max(40).optional(),
      extension: z.string().regex(/^\d{3,6}$/, 'an extension is 3 to 6 digits').optional(),
      title: nameText(z.string().max(200)).optional(),
      ...auditFields,
    })
    .strict(),
  /** Removes a person only with `confirm`; without it (or with `dryRun`) says what removing them would do. */
  'user remove': z.object({ userId: id, dryRun, confirm, ...auditFields }).strict(),
  'federation list': z.object({}).strict(),
  'federation show': z.object({ federationId: id }).strict(),
  'federation create': z
    .object({
      /** Chosen by support (else a random one): a later command can name it before it is created. */
      id: federationId.optional(),
      name: federationName,
      accountIds: accountList,
      consents,
      confirmAllSeeAll: z.boolean({ error: 'true confirms that every user will see every user' }),
      dryRun,
      ...auditFields,
    })
    .strict(),
  'federation rename': z.object({ federationId: id, name: federationName, ...auditFields }).strict(),
  'federation add-accounts': z
    .object({ federationId: id, accountIds: accountList, consents, confirmAllSeeAll: z.boolean({ error: 'true confirms that every user will see every user' }), dryRun, ...auditFields })
    .strict(),
  'federation remove-accounts': z
    .object({ federationId: id, accountIds: accountList, ackChannelCleanup: z.boolean({ error: 'true acknowledges that stranded members are removed by hand' }), dryRun, ...auditFields })
    .strict(),
  'federation delete': z.object({ federationId: id, ackChannelCleanup: z.boolean({ error: 'true acknowledges that stranded members are removed by hand' }), dryRun, ...auditFields }).strict(),
  'channels stranded': z.object({ federationId: id.optional() }).strict(),
  /** A channel's or group chat's members, each with whom they do not see and whether they are the one to remove. */
  'channel members': z.object({ channelId: id }).strict(),
  /**
   * `member` is a user id or an email. Without `force` only a member marked to remove (one the
   * owning account no longer sees) is removed; a group chat has no owning account, so `force` it is.
   */
  'channel remove-member': z.object({ channelId: id, member: id, force: z.boolean().optional(), dryRun, ...auditFields }).strict(),
  /** Adds someone back (or anew); when members and they will not all see each other, only with `confirmUnseen`. */
  'channel add-member': z.object({ channelId: id, member: id, confirmUnseen: z.boolean().optional(), dryRun, ...auditFields }).strict(),
  /** With a federation: its changes, and the member removals and additions in the channels it held together. */
  audit: z.object({ federationId: id.optional() }).strict(),
} as const);

export type AdminCommand = keyof typeof adminCommandSchemas;
/** What a command receives once validated. */
export type AdminArguments<C extends AdminCommand> = z.infer<(typeof adminCommandSchemas)[C]>;
/** What a caller may pass (optional fields left out). */
export type AdminInput<C extends AdminCommand> = z.input<(typeof adminCommandSchemas)[C]>;

export const adminRequestSchema = z.object({ command: z.enum(Object.keys(adminCommandSchemas) as [AdminCommand, ...AdminCommand[]]), arguments: z.unknown() }).strict();

/** The answer to every admin request. `refused` means a federation rule said no (exit 1); `rule` names it. */
export type AdminResponse =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: 'refused' | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | 'internal'; rule?: string; message: string } };

export const adminPath = '/api/admin';

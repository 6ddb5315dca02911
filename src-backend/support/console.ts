/**
 * The support console (SPEC 4.3): `npm run support -- [--server URL] [--json] COMMAND …`
 * Talks to a running backend over its admin channel. Exit 0 on success, 1 when a rule refuses
 * the change (the message names the rule), 2 on a usage error (with that command's usage shown).
 * Changes record `--operator` and `--reason` in the audit log; `--dry-run` previews them.
 *
 * The support token is read from MERIDIAN_SUPPORT_TOKEN, else from a file (`--token-file`, or the
 * one the backend on that port left on this machine): typed on the command line, npm would echo it.
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { minimumPasswordLength, passwordWeakness } from '../auth/passwords';
import type { SummarizedAuditEntry as AuditEntry, ChannelMember, DryRun, MemberChangePreview, StrandedChannel, UserRemovalPreview } from '../federation/federationService';
import { adminPath, consentForms, type AdminCommand, type AdminResponse, type Consent } from './adminProtocol';
import { findSupportToken, readTokenFile, supportTokenFolder } from './supportToken';

interface GlobalOptions {
  server: string;
  token?: string;
  tokenFile?: string;
  json?: boolean;
}

/** What the console reads besides its arguments: a password from standard input, the folder of token files. */
export interface ConsoleInput {
  /** The first line of standard input (for `--password-stdin`). */
  readLine?: () => Promise<string>;
  /** Where backends leave their tokens (default: supportTokenFolder()). */
  tokenFolder?: string;
}

/** A usage error; `command` is the (sub)command whose usage to show. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

/** A refusal or failure: exit 1, with the rule named. */
class Failure extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
    /** The answer was printed already (a preview saying what is still needed). */
    readonly printed = false,
  ) {
    super(message);
  }
}

function parseList(value: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expects a comma-separated list of account ids, like 100100,200200.');
  return items;
}

/** `ID=WHO:written` or `ID=WHO:verbal`, repeatable; the form is required and checked (rule consent-form). */
function collectConsent(value: string, previous: Consent[] = []): Consent[] {
  const usage = `expects ID=WHO:written or ID=WHO:verbal, like 100100="Dana Reyes:written" (rule consent-form: the form is required, written or verbal); got "${value}".`;
  const equals = value.indexOf('=');
  const colon = value.lastIndexOf(':');
  if (equals <= 0 || colon <= equals + 1) throw new InvalidArgumentError(usage);
  const accountId = value.slice(0, equals).trim();
  const who = value.slice(equals + 1, colon).trim();
  const form = value.slice(colon + 1).trim();
  if (!accountId || !who || !(consentForms as readonly string[]).includes(form)) throw new InvalidArgumentError(usage);
  return [...previous, { accountId, who, form: form as Consent['form'] }];
}

/** The operator recorded in the audit log when `--operator` is not given: MERIDIAN_OPERATOR, else the login name. */
function defaultOperator(): string | undefined {
  if (process.env.MERIDIAN_OPERATOR) return process.env.MERIDIAN_OPERATOR;
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/** The backend's messages name its own fields; on the console the same things are flags. */
const flagsForFields: Array<[string, string]> = [
  ['`consents`', '--consent ID=WHO:written|verbal'],
  ['`confirmAllSeeAll`', '--confirm-all-see-all'],
  ['`ackChannelCleanup`', '--ack-channel-cleanup'],
  ['`confirmUnseen`', '--confirm-unseen'],
  ['`confirm`', '--confirm'],
  ['`password`', 'leave --password out'],
  ['(force)', '(--force)'],
];
const inFlags = (message: string) => flagsForFields.reduce((text, [field, flag]) => text.replaceAll(field, flag), message);

/**
 * The support token, from (in order) --token, MERIDIAN_SUPPORT_TOKEN, --token-file or
 * MERIDIAN_SUPPORT_TOKEN_FILE, and the file the backend on the server's port left on this
 * machine. Read here, not given as an option's default: --help would print it.
 */
function supportToken(globals: GlobalOptions, input: ConsoleInput, command: Command): string {
  if (globals.token) return globals.token;
  if (process.env.MERIDIAN_SUPPORT_TOKEN) return process.env.MERIDIAN_SUPPORT_TOKEN;
  const file = globals.tokenFile ?? process.env.MERIDIAN_SUPPORT_TOKEN_FILE;
  if (file) {
    const token = readTokenFile(file);
    if (!token) throw new UsageError(`No support token in ${file} (--token-file).`, command);
    return token;
  }
  const found = findSupportToken(globals.server, input.tokenFolder ?? supportTokenFolder());
  if (found) return found.token;
  throw new UsageError(
    `A support token is needed, and no backend on ${globals.server} left one on this machine. Set MERIDIAN_SUPPORT_TOKEN, or --token-file FILE (a backend started with --support-token does not write its own).`,
    command,
  );
}

async function call(globals: GlobalOptions, token: string, command: AdminCommand, args: Record<string, unknown>): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(adminPath, globals.server), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ command, arguments: args }),
    });
  } catch {
    throw new Failure(`Failed (rule: backend-reachable): cannot reach the Meridian backend at ${globals.server}. Is it running? (--server URL)`);
  }
  const body = (await response.json()) as AdminResponse;
  if (!body.ok) {
    if (body.error.code === 'bad_request') throw new UsageError(inFlags(body.error.message));
    const rule = body.error.rule ?? (body.error.code === 'unauthorized' ? 'support-token' : body.error.code);
    throw new Failure(`Refused (rule: ${rule}): ${inFlags(body.error.message)}`, { ...body.error, rule });
  }
  return body.data;
}

type Printer = (data: unknown) => string;

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const text = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, index) => Math.max(column.length, ...text.map((cells) => cells[index]!.length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  return [line(columns), ...text.map(line)].join('\n');
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;
const people = (count: number) => (count === 1 ? '1 person' : `${count} people`);

type FederationView = { id: string; name: string; createdAt?: string; accounts: Array<{ id: string; name: string }>; consents?: Array<{ accountId: string; who: string | null; form: string | null; at: string | null; operator: string | null }> };

function printFederation(federation: FederationView): string {
  const consents = new Map((federation.consents ?? []).map((consent) => [consent.accountId, consent]));
  const lines = [`${federation.id}  ${federation.name}${federation.createdAt ? `  (created ${federation.createdAt})` : ''}`];
  for (const account of federation.accounts) {
    const consent = consents.get(account.id);
    const record = consent ? (consent.who ? `consent: ${consent.who} (${consent.form}), recorded ${consent.at}${consent.operator ? ` by ${consent.operator}` : ''}` : 'consent: none on record') : '';
    lines.push(`  ${account.id}  ${account.name}${record ? `  ${record}` : ''}`);
  }
  return lines.join('\n');
}

function printDryRun(result: DryRun): string {
  const { federation, preview } = result;
  const lines = [`Dry run of ${result.command}${federation.id ? ` ${federation.id}` : ''} "${federation.name}": nothing was changed.`];
  if (federation.accounts.length > 0) lines.push(`Accounts after the change: ${federation.accounts.map((account) => `${account.name} (${account.id})`).join(', ')}.`);
  lines.push('', 'Who sees whom, per pair of accounts:');
  if (preview.accountPairs.length === 0) lines.push('  no change: these accounts already see (or do not see) each other through other federations.');
  for (const pair of preview.accountPairs) {
    const [first, second] = pair.accounts;
    const verb = pair.change === 'newly-see' ? 'will newly see each other' : 'will stop seeing each other';
    lines.push(`  ${first.name} (${first.id}, ${people(first.people)}) and ${second.name} (${second.id}, ${people(second.people)}) ${verb}: ${plural(pair.pairs, 'pair')} of people.`);
  }
  lines.push('', 'Channels:');
  if (preview.channels.length === 0) lines.push('  none concerned.');
  for (const channel of preview.channels) {
    const what =
      channel.change === 'shared'
        ? `will be shared: ${plural(channel.pairs, 'pair')} of members (${channel.accounts.join(', ')}) will see each other by name${channel.strandedAfter ? '; others stay stranded' : ''}`
        : `will be stranded: ${plural(channel.pairs, 'pair')} of members (${channel.accounts.join(', ')}) will show to each other as UNKNOWN USER`;
    const which = channel.owner === null ? `group chat of ${channel.name} (${channel.channelId})` : `#${channel.name} (${channel.channelId}, owned by ${channel.owner.name})`;
    lines.push(`  ${which} ${what}.`);
  }
  const { hidden, restored } = preview.directChats;
  lines.push('', `Direct chats: ${plural(hidden, 'chat')} hidden from both people (kept on the server), ${plural(restored, 'chat')} back.`);
  if (result.stillNeeded.length > 0) {
    lines.push('', 'Still needed to make the change:');
    for (const item of result.stillNeeded) lines.push(`  (rule: ${item.rule}) ${inFlags(item.message)}`);
  }
  return lines.join('\n');
}

function printStranded(channels: StrandedChannel[]): string {
  if (channels.length === 0) return 'No channel or group chat holds members who do not see each other.';
  const names = new Map(channels.flatMap((channel) => channel.members.map((member) => [member.userId, member.displayName] as const)));
  const lines: string[] = [];
  for (const channel of channels) {
    lines.push(
      channel.kind === 'group'
        ? `group chat of ${channel.name} (${channel.channelId}): it has no owning account; its members choose who leaves`
        : `#${channel.name} (${channel.channelId}), owned by ${channel.accountName} (${channel.accountId})${channel.ownerDecides ? ': the owning account sees everyone here and chooses whom to remove' : ''}`,
    );
    for (const member of channel.members) {
      const unseen = member.doesNotSee.length <= 3 ? member.doesNotSee.map((userId) => names.get(userId) ?? userId).join(', ') : plural(member.doesNotSee.length, 'member');
      const mark = member.remove ? 'REMOVE  ' : 'stranded';
      const why = member.remove ? `not seen by the owning account; does not see ${unseen}` : `does not see ${unseen}`;
      lines.push(`  ${mark}  ${member.displayName} <${member.email}> (${member.userId}, ${member.accountName}): ${why}`);
    }
  }
  lines.push('', 'Remove a member with: channel remove-member CHANNEL_ID USER_ID|EMAIL (a channel or a group chat id)');
  return lines.join('\n');
}

/** Each entry as a heading line (when, what, who, why) and its summary beneath. */
function printAudit(entries: AuditEntry[]): string {
  if (entries.length === 0) return 'The audit log is empty.';
  return entries
    .map((entry) => {
      const when = entry.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      const heading = `${when}  ${entry.action}${entry.federationId ? `  ${entry.federationId}` : ''}  by ${entry.operator ?? '(no operator)'}${entry.reason ? `  — ${entry.reason}` : ''}`;
      // One line each, so a search of the log finds a whole entry.
      return `${heading}\n    ${entry.summary}`;
    })
    .join('\n');
}

function printRemovalPreview(preview: UserRemovalPreview): string {
  const { user } = preview;
  const lines = [
    `${preview.stillNeeded.length > 0 ? 'Not removed' : 'Dry run: nothing was changed'}. Removing ${user.name} <${user.email}> (${user.id}) of ${user.accountName} (${user.accountId}) would:`,
    `  end ${plural(preview.sessions, 'session')} (${preview.connectedClients} connected now), and refuse their password from then on;`,
    `  take them out of the search of ${preview.disappearsFor.map((account) => account.name).join(', ')};`,
    preview.conversations.length === 0
      ? '  touch no channel or group chat.'
      : `  leave them listed in ${plural(preview.conversations.length, 'channel or group chat', 'channels and group chats')} (${preview.conversations.map((conversation) => (conversation.kind === 'group' ? `group chat of ${conversation.name}` : `#${conversation.name}`)).join(', ')}), their messages kept.`,
  ];
  return lines.join('\n');
}

function printMemberPreview(preview: MemberChangePreview): string {
  const where = preview.kind === 'group' ? `the group chat of ${preview.channelName}` : `#${preview.channelName}`;
  const who = `${preview.user.name} (${preview.user.id}, ${preview.user.accountName})`;
  const lines = [`Dry run: nothing was changed. ${preview.change === 'remove' ? `Would remove ${who} from` : `Would add ${who} to`} ${where} (${preview.channelId}).`];
  if (preview.change === 'add') {
    lines.push(preview.unseenBy.length === 0 ? 'Everyone there and they see each other.' : `They and ${preview.unseenBy.map((entry) => `${plural(entry.count, 'member')} from ${entry.accountName}`).join(' and ')} will not see each other (UNKNOWN USER).`);
  }
  if (preview.stillNeeded.length > 0) {
    lines.push('', 'Still needed to make the change:');
    for (const item of preview.stillNeeded) lines.push(`  (rule: ${item.rule}) ${inFlags(item.message)}`);
  }
  return lines.join('\n');
}

function printMembers(data: { channelId: string; kind: 'channel' | 'group'; name: string; accountName: string | null; accountId: string | null; members: ChannelMember[] }): string {
  const names = new Map(data.members.map((member) => [member.userId, member.displayName]));
  const heading = data.kind === 'group' ? `group chat of ${data.name} (${data.channelId}): no owning account` : `#${data.name} (${data.channelId}), owned by ${data.accountName} (${data.accountId})`;
  const rows = data.members.map((member) => ({
    mark: member.remove ? 'REMOVE' : member.doesNotSee.length > 0 ? 'stranded' : '',
    name: member.displayName,
    email: member.email,
    id: member.userId,
    account: member.accountName,
    'does not see': member.doesNotSee.map((userId) => names.get(userId) ?? userId).join(', '),
  }));
  return `${heading}, ${plural(data.members.length, 'member')}:\n${table(rows, ['mark', 'name', 'email', 'id', 'account', 'does not see'])}`;
}

const printers: Record<AdminCommand, Printer> = {
  'account list': (data) => table((data as Array<Record<string, unknown>>).map((row) => ({ ...row, federations: (row.federations as string[]).join(',') })), ['id', 'name', 'users', 'federations']),
  'account add': (data) => {
    const account = data as { id: string; name: string };
    return `Added account ${account.name} (${account.id}).`;
  },
  'user add': (data) => {
    const user = data as { id: string; name: string; email: string; accountId: string; accountName: string; password?: string };
    const added = `Added ${user.name} <${user.email}> (${user.id}) to ${user.accountName} (${user.accountId}).`;
    return user.password ? `${added}\nTheir password, shown this once (pass it on safely; it is not stored readable anywhere): ${user.password}` : added;
  },
  'user remove': (data) => {
    if ((data as UserRemovalPreview).dryRun) return printRemovalPreview(data as UserRemovalPreview);
    const user = data as { id: string; name: string };
    return `Removed user ${user.name} (${user.id}).`;
  },
  'federation list': (data) =>
    table(
      (data as Array<{ id: string; name: string; accounts: Array<{ id: string }> }>).map((row) => ({ ...row, accounts: row.accounts.map((account) => account.id).join(',') })),
      ['id', 'name', 'accounts'],
    ),
  'federation show': (data) => printFederation(data as FederationView),
  'federation create': (data) => ((data as DryRun).dryRun ? printDryRun(data as DryRun) : `Created:\n${printFederation(data as FederationView)}`),
  'federation rename': (data) => {
    const renamed = data as FederationView & { previousName: string };
    return renamed.previousName === renamed.name ? `Federation ${renamed.id} is already called ${renamed.name}: nothing changed.` : `Renamed federation ${renamed.id} from "${renamed.previousName}" to "${renamed.name}".`;
  },
  'federation add-accounts': (data) => ((data as DryRun).dryRun ? printDryRun(data as DryRun) : `Accounts added:\n${printFederation(data as FederationView)}`),
  'federation remove-accounts': (data) => ((data as DryRun).dryRun ? printDryRun(data as DryRun) : `Accounts removed:\n${printFederation(data as FederationView)}`),
  'federation delete': (data) => {
    if ((data as DryRun).dryRun) return printDryRun(data as DryRun);
    const deleted = data as { id: string; name: string };
    return `Deleted federation ${deleted.id} (${deleted.name}). \`channels stranded --federation ${deleted.id}\` lists the members to remove.`;
  },
  'channels stranded': (data) => printStranded(data as StrandedChannel[]),
  'channel members': (data) => printMembers(data as Parameters<typeof printMembers>[0]),
  'channel remove-member': (data) => {
    if ((data as MemberChangePreview).dryRun) return printMemberPreview(data as MemberChangePreview);
    const removed = data as { kind: 'channel' | 'group'; channelName: string; channelId: string; userId: string; displayName: string; forced: boolean };
    const from = removed.kind === 'group' ? `the group chat of ${removed.channelName}` : `#${removed.channelName}`;
    return `Removed ${removed.displayName} (${removed.userId}) from ${from} (${removed.channelId})${removed.forced ? ', forced: they were not marked to remove' : ''}.`;
  },
  'channel add-member': (data) => {
    if ((data as MemberChangePreview).dryRun) return printMemberPreview(data as MemberChangePreview);
    const added = data as { kind: 'channel' | 'group'; channelName: string; channelId: string; userId: string; displayName: string };
    const to = added.kind === 'group' ? `the group chat of ${added.channelName}` : `#${added.channelName}`;
    return `Added ${added.displayName} (${added.userId}) to ${to} (${added.channelId}).`;
  },
  audit: (data) => printAudit(data as AuditEntry[]),
};

/** Options every change takes: who makes it and why, recorded in the audit log. */
function withAuditOptions(command: Command): Command {
  return command
    .option('--operator <name>', 'who makes the change, for the audit log (default: MERIDIAN_OPERATOR, else your login name)')
    .option('--reason <text>', 'why: a ticket or request, for the audit log');
}

const auditArguments = (options: { operator?: string; reason?: string }) => ({ operator: options.operator ?? defaultOperator(), reason: options.reason });
/** What `federation create` and `add-accounts` both take: consents, the confirmation, a preview, and the audit's who and why. */
interface JoiningOptions {
  consent?: Consent[];
  confirmAllSeeAll?: boolean;
  dryRun?: boolean;
  operator?: string;
  reason?: string;
}
const joiningArguments = (options: JoiningOptions) => ({
  consents: options.consent ?? [],
  confirmAllSeeAll: options.confirmAllSeeAll === true,
  dryRun: options.dryRun === true,
  ...auditArguments(options),
});

/** A password made at random for `user add` when none is given: 18 characters of base64url (108 bits). */
function generatedPassword(person: { name: string; email: string }): string {
  for (;;) {
    const password = randomBytes(14).toString('base64url').slice(0, 18);
    if (!passwordWeakness(password, person)) return password;
  }
}

/** A command's answer that is a preview with something still needed, given without --dry-run: not done, the rule named. */
function unconfirmed(data: unknown, dryRun: boolean | undefined): { rule: string; message: string } | null {
  const preview = data as { dryRun?: boolean; stillNeeded?: Array<{ rule: string; message: string }> };
  return preview?.dryRun && !dryRun && preview.stillNeeded?.length ? preview.stillNeeded[0]! : null;
}

export function buildProgram(output: (text: string) => void, errorOutput: (text: string) => void, input: ConsoleInput = {}): Command {
  const program = new Command()
    .name('npm run support --')
    .description('Meridian support console: accounts, federations, users and channel members on a running backend.')
    .option('--server <url>', 'the backend (or MERIDIAN_SERVER)', process.env.MERIDIAN_SERVER ?? 'http://127.0.0.1:4100')
    .option('--token-file <file>', 'a file holding the support token (or MERIDIAN_SUPPORT_TOKEN_FILE; default: the one the backend on that port left on this machine)')
    .option('--token <token>', 'the support token itself (prefer MERIDIAN_SUPPORT_TOKEN or a file: npm shows the command line, token included)')
    .option('--json', 'print one JSON document')
    .configureOutput({ writeOut: output, writeErr: errorOutput })
    .showHelpAfterError()
    .exitOverride();

  /**
   * The action of one command: its arguments to the backend, the answer printed. `prepare` may
   * add to the answer what only the console knows (a password it made).
   */
  const action = (
    command: AdminCommand,
    toArgs: (...values: never[]) => Record<string, unknown> | Promise<Record<string, unknown>>,
    prepare?: (data: unknown, args: Record<string, unknown>, options: Record<string, unknown>) => unknown,
  ) =>
    async function (this: Command, ...values: unknown[]) {
      const globals = this.optsWithGlobals<GlobalOptions>();
      if (globals.token) errorOutput('Note: a token given with --token shows wherever the command line does (npm prints it); prefer MERIDIAN_SUPPORT_TOKEN or --token-file.');
      const token = supportToken(globals, input, this);
      const args = await toArgs(...(values as never[]));
      let data: unknown;
      try {
        data = await call(globals, token, command, args);
      } catch (error) {
        if (error instanceof UsageError) throw new UsageError(error.message, this);
        throw error;
      }
      const shown = prepare ? prepare(data, args, this.opts()) : data;
      output(globals.json ? JSON.stringify(shown, null, 2) : printers[command](shown));
      // A preview given where a change was asked for: not done, exit 1; its one document says why.
      const missing = unconfirmed(data, (args as { dryRun?: boolean }).dryRun);
      if (missing) throw new Failure(`Refused (rule: ${missing.rule}): ${inFlags(missing.message)}`, { code: 'refused', ...missing }, true);
    };

  const account = program.command('account').description('accounts (companies)');
  account.command('list').description('list accounts').action(action('account list', () => ({})));
  withAuditOptions(
    account
      .command('add')
      .description('add an account; its people are added with user add')
      .requiredOption('--name <name>', 'the company name')
      .option('--id <digits>', 'the account id, 3 to 12 digits (default: an unused 6-digit one)'),
  ).action(action('account add', (options: { name: string; id?: string; operator?: string; reason?: string }) => ({ name: options.name, id: options.id, ...auditArguments(options) })));

  const user = program.command('user').description('users');
  withAuditOptions(
    user
      .command('add')
      .description(`add a user; they appear in every federated account at once. Without --password one is made at random and shown once`)
      .requiredOption('--account <id>', 'account id')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--email <email>', 'email (the sign-in name)')
      .option('--password <password>', `initial password, at least ${minimumPasswordLength} characters (shows in your shell history: prefer --password-stdin, or none)`)
      .option('--password-stdin', 'read the initial password from the first line of standard input')
      .option('--phone <number>', '10-digit work phone')
      .option('--extension <digits>', 'extension, 3 to 6 digits')
      .option('--title <title>', 'job title'),
  ).action(
    action(
      'user add',
      async (options: { account: string; name: string; email: string; password?: string; passwordStdin?: boolean; phone?: string; extension?: string; title?: string; operator?: string; reason?: string }) => {
        if (options.password !== undefined && options.passwordStdin) throw new UsageError('Give --password or --password-stdin, not both.');
        let password = options.password;
        if (options.passwordStdin) {
          if (!input.readLine) throw new UsageError('--password-stdin: no standard input to read.');
          password = (await input.readLine()).replace(/\r?\n$/, '');
        }
        return {
          accountId: options.account,
          name: options.name,
          email: options.email,
          password: password ?? generatedPassword({ name: options.name, email: options.email }),
          phone: options.phone,
          extension: options.extension,
          title: options.title,
          ...auditArguments(options),
        };
      },
      // A password the console made is shown this once, with the person it belongs to.
      (data, args, options) => (options.password === undefined && !options.passwordStdin ? { ...(data as object), password: args.password } : data),
    ),
  );
  withAuditOptions(
    user
      .command('remove')
      .description('remove a user: their sessions end and they leave every search. Shows what it would do; removes only with --confirm')
      .argument('<user>', 'user id or email')
      .option('--confirm', 'remove them (without it, only the preview)')
      .addOption(new Option('--dry-run', 'only the preview, even with --confirm')),
  ).action(action('user remove', (userId: string, options: { confirm?: boolean; dryRun?: boolean; operator?: string; reason?: string }) => ({ userId, confirm: options.confirm === true, dryRun: options.dryRun === true, ...auditArguments(options) })));

  const federation = program.command('federation').description('federations');
  federation.command('list').description('list federations').action(action('federation list', () => ({})));
  federation
    .command('show')
    .description('show one federation and the consent on record for each account')
    .argument('<federationId>')
    .action(action('federation show', (federationId: string) => ({ federationId })));
  const consentOption = () =>
    new Option('--consent <ID=WHO:written|verbal>', 'consent record, one per account involved (repeat); the form is required').argParser(collectConsent);
  const dryRunOption = () => new Option('--dry-run', 'show per pair of accounts who will newly see or stop seeing whom, and the channels shared or stranded; change nothing');
  /** A change that brings accounts in: a consent per account, the confirmation that all see all, and a preview. */
  const withJoiningOptions = (command: Command) =>
    command.addOption(consentOption()).option('--confirm-all-see-all', 'confirm that every user will see every user of the other accounts').addOption(dryRunOption());
  withAuditOptions(
    withJoiningOptions(
      federation
        .command('create')
        .description('create a federation: all users of all its accounts see each other')
        .requiredOption('--name <name>', 'federation name')
        .requiredOption('--accounts <ids>', 'comma-separated account ids (2 to 10)', parseList)
        .option('--id <id>', 'its id, like fed-northwind-contoso (default: a random one): a command written beforehand can name it'),
    ),
  ).action(
    action('federation create', (options: { name: string; accounts: string[]; id?: string } & JoiningOptions) => ({
      id: options.id,
      name: options.name,
      accountIds: options.accounts,
      ...joiningArguments(options),
    })),
  );
  withAuditOptions(federation.command('rename').description('rename a federation').argument('<federationId>').requiredOption('--name <name>', 'its new name')).action(
    action('federation rename', (federationId: string, options: { name: string; operator?: string; reason?: string }) => ({ federationId, name: options.name, ...auditArguments(options) })),
  );
  withAuditOptions(
    withJoiningOptions(
      federation
        .command('add-accounts')
        .description('add accounts to a federation (consent needed for every account, present ones included)')
        .argument('<federationId>')
        .requiredOption('--accounts <ids>', 'comma-separated account ids', parseList),
    ),
  ).action(
    action('federation add-accounts', (federationId: string, options: { accounts: string[] } & JoiningOptions) => ({
      federationId,
      accountIds: options.accounts,
      ...joiningArguments(options),
    })),
  );
  withAuditOptions(
    federation
      .command('remove-accounts')
      .description('remove accounts from a federation')
      .argument('<federationId>')
      .requiredOption('--accounts <ids>', 'comma-separated account ids', parseList)
      .option('--ack-channel-cleanup', 'acknowledge that federated users must be removed from channels by hand')
      .addOption(dryRunOption()),
  ).action(
    action('federation remove-accounts', (federationId: string, options: { accounts: string[]; ackChannelCleanup?: boolean; dryRun?: boolean; operator?: string; reason?: string }) => ({
      federationId,
      accountIds: options.accounts,
      ackChannelCleanup: options.ackChannelCleanup === true,
      dryRun: options.dryRun === true,
      ...auditArguments(options),
    })),
  );
  withAuditOptions(
    federation
      .command('delete')
      .description('delete a federation')
      .argument('<federationId>')
      .option('--ack-channel-cleanup', 'acknowledge that federated users must be removed from channels by hand')
      .addOption(dryRunOption()),
  ).action(
    action('federation delete', (federationId: string, options: { ackChannelCleanup?: boolean; dryRun?: boolean; operator?: string; reason?: string }) => ({
      federationId,
      ackChannelCleanup: options.ackChannelCleanup === true,
      dryRun: options.dryRun === true,
      ...auditArguments(options),
    })),
  );

  const channels = program.command('channels').description('channels and group chats');
  channels
    .command('stranded')
    .description('channels and group chats holding members who no longer see each other, the people to remove marked')
    .option('--federation <id>', 'only those concerning this federation')
    .action(action('channels stranded', (options: { federation?: string }) => ({ federationId: options.federation })));
  const channel = program.command('channel').description('one channel or group chat');
  channel
    .command('members')
    .description('its members: account, email, whom each does not see, and who is marked to remove')
    .argument('<channelId>', 'channel or group chat id')
    .action(action('channel members', (channelId: string) => ({ channelId })));
  withAuditOptions(
    channel
      .command('remove-member')
      .description('remove a member marked REMOVE (one the owning account no longer sees) from a channel or group chat, live')
      .argument('<channelId>', 'channel or group chat id (channels stranded lists them)')
      .argument('<member>', 'user id or email')
      .option('--force', 'remove them even when they are not marked REMOVE (a group chat has no owner: always needed there)')
      .addOption(new Option('--dry-run', 'say what it would do; change nothing')),
  ).action(
    action('channel remove-member', (channelId: string, member: string, options: { force?: boolean; dryRun?: boolean; operator?: string; reason?: string }) => ({
      channelId,
      member,
      force: options.force === true,
      dryRun: options.dryRun === true,
      ...auditArguments(options),
    })),
  );
  withAuditOptions(
    channel
      .command('add-member')
      .description('add someone to a channel or group chat, live (say, one removed by mistake)')
      .argument('<channelId>', 'channel or group chat id')
      .argument('<member>', 'user id or email')
      .option('--confirm-unseen', 'add them even though they and some members will not see each other (UNKNOWN USER)')
      .addOption(new Option('--dry-run', 'say what it would do, and who would not see whom; change nothing')),
  ).action(
    action('channel add-member', (channelId: string, member: string, options: { confirmUnseen?: boolean; dryRun?: boolean; operator?: string; reason?: string }) => ({
      channelId,
      member,
      confirmUnseen: options.confirmUnseen === true,
      dryRun: options.dryRun === true,
      ...auditArguments(options),
    })),
  );

  program
    .command('audit')
    .description('the audit log of every change: when, what, who, why')
    .option('--federation <id>', "only this federation: its changes, and the member removals and additions in the channels it held together")
    .action(action('audit', (options: { federation?: string }) => ({ federationId: options.federation })));

  return program;
}

/** Runs the console; resolves to its exit status. */
export async function runConsole(
  argv: string[],
  output = (text: string) => console.log(text.trimEnd()),
  errorOutput = (text: string) => console.error(text.trimEnd()),
  input: ConsoleInput = { readLine: readFirstLine },
): Promise<number> {
  const program = buildProgram(output, errorOutput, input);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      errorOutput(`error: ${error.message}`);
      errorOutput((error.command ?? program).helpInformation());
      return 2;
    }
    if (error instanceof Failure) {
      if (json && !error.printed) output(JSON.stringify({ ok: false, error: error.detail ?? { message: error.message } }, null, 2));
      errorOutput(error.message);
      return 1;
    }
    errorOutput(`error: ${(error as Error).message}`);
    return 1;
  }
}

/** The first line of standard input. */
function readFirstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    const done = () => {
      process.stdin.pause();
      resolve(text.split('\n')[0] ?? '');
    };
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done();
    });
    process.stdin.once('end', done);
    process.stdin.once('error', reject);
  });
}

if (require.main === module) {
  void runConsole(process.argv.slice(2)).then((code) => process.exit(code));
}

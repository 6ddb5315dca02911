/**
 * The support console (SPEC 4.3): `npm run support -- [--server URL] [--token T] [--json] COMMAND …`
 * Talks to a running backend over its admin channel. Exit 0 on success, 1 when a rule refuses
 * the change (the message names the rule), 2 on a usage error (with the usage shown). Changes
 * record `--operator` and `--reason` in the audit log; `--dry-run` previews a federation change.
 */
import { userInfo } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { DryRun, StrandedChannel } from '../federation/federationService';
import { adminPath, consentForms, type AdminCommand, type AdminResponse, type Consent } from './adminProtocol';

interface GlobalOptions {
  server: string;
  token?: string;
  json?: boolean;
}

class UsageError extends Error {}

/** A refusal or failure: exit 1, with the rule named. */
class Failure extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
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
  ['(force)', '(--force)'],
];
const inFlags = (message: string) => flagsForFields.reduce((text, [field, flag]) => text.replaceAll(field, flag), message);

async function call(globals: GlobalOptions, command: AdminCommand, args: Record<string, unknown>): Promise<unknown> {
  // The token is read here, not given as the option's default: --help would print it.
  const token = globals.token ?? process.env.MERIDIAN_SUPPORT_TOKEN;
  if (!token) throw new UsageError('A support token is needed: --token T (or MERIDIAN_SUPPORT_TOKEN); the backend prints it at start.');
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

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
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

const printers: Record<AdminCommand, Printer> = {
  'account list': (data) => table((data as Array<Record<string, unknown>>).map((row) => ({ ...row, federations: (row.federations as string[]).join(',') })), ['id', 'name', 'users', 'federations']),
  'user add': (data) => {
    const user = data as { id: string; name: string; email: string; accountId: string; accountName: string };
    return `Added ${user.name} <${user.email}> (${user.id}) to ${user.accountName} (${user.accountId}).`;
  },
  'user remove': (data) => {
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
  'federation add-accounts': (data) => ((data as DryRun).dryRun ? printDryRun(data as DryRun) : `Accounts added:\n${printFederation(data as FederationView)}`),
  'federation remove-accounts': (data) => ((data as DryRun).dryRun ? printDryRun(data as DryRun) : `Accounts removed:\n${printFederation(data as FederationView)}`),
  'federation delete': (data) => {
    if ((data as DryRun).dryRun) return printDryRun(data as DryRun);
    const deleted = data as { id: string; name: string };
    return `Deleted federation ${deleted.id} (${deleted.name}). \`channels stranded --federation ${deleted.id}\` lists the members to remove.`;
  },
  'channels stranded': (data) => printStranded(data as StrandedChannel[]),
  'channel remove-member': (data) => {
    const removed = data as { kind: 'channel' | 'group'; channelName: string; channelId: string; userId: string; displayName: string; forced: boolean };
    const from = removed.kind === 'group' ? `the group chat of ${removed.channelName}` : `#${removed.channelName}`;
    return `Removed ${removed.displayName} (${removed.userId}) from ${from} (${removed.channelId})${removed.forced ? ', forced: they were not stranded' : ''}.`;
  },
  audit: (data) =>
    table(
      (data as Array<{ at: string; action: string; federationId: string | null; operator: string | null; reason: string | null; detail: unknown }>).map((row) => ({
        ...row,
        detail: JSON.stringify(row.detail),
      })),
      ['at', 'action', 'federationId', 'operator', 'reason', 'detail'],
    ),
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

export function buildProgram(output: (text: string) => void, errorOutput: (text: string) => void): Command {
  const program = new Command()
    .name('npm run support --')
    .description('Meridian support console: federations, users and stranded channels on a running backend.')
    .option('--server <url>', 'the backend (or MERIDIAN_SERVER)', process.env.MERIDIAN_SERVER ?? 'http://127.0.0.1:4100')
    .option('--token <token>', 'the support token the backend printed (or MERIDIAN_SUPPORT_TOKEN)')
    .option('--json', 'print one JSON document')
    .configureOutput({ writeOut: output, writeErr: errorOutput })
    .showHelpAfterError()
    .exitOverride();

  const action = (command: AdminCommand, toArgs: (...values: never[]) => Record<string, unknown>) =>
    async function (this: Command, ...values: unknown[]) {
      const globals = this.optsWithGlobals<GlobalOptions>();
      const data = await call(globals, command, toArgs(...(values as never[])));
      output(globals.json ? JSON.stringify(data, null, 2) : printers[command](data));
    };

  const account = program.command('account').description('accounts');
  account.command('list').description('list accounts').action(action('account list', () => ({})));

  const user = program.command('user').description('users');
  withAuditOptions(
    user
      .command('add')
      .description('add a user; they appear in every federated account at once')
      .requiredOption('--account <id>', 'account id')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--email <email>', 'email (the sign-in name)')
      .requiredOption('--password <password>', 'initial password')
      .option('--phone <number>', '10-digit work phone')
      .option('--extension <digits>', 'extension, 3 to 6 digits')
      .option('--title <title>', 'job title'),
  ).action(
    action('user add', (options: { account: string; name: string; email: string; password: string; phone?: string; extension?: string; title?: string; operator?: string; reason?: string }) => ({
      accountId: options.account,
      name: options.name,
      email: options.email,
      password: options.password,
      phone: options.phone,
      extension: options.extension,
      title: options.title,
      ...auditArguments(options),
    })),
  );
  withAuditOptions(user.command('remove').description('remove a user').argument('<userId>')).action(
    action('user remove', (userId: string, options: { operator?: string; reason?: string }) => ({ userId, ...auditArguments(options) })),
  );

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
        .requiredOption('--accounts <ids>', 'comma-separated account ids (2 to 10)', parseList),
    ),
  ).action(
    action('federation create', (options: { name: string; accounts: string[] } & JoiningOptions) => ({
      name: options.name,
      accountIds: options.accounts,
      ...joiningArguments(options),
    })),
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
  withAuditOptions(
    channel
      .command('remove-member')
      .description('remove a stranded member from a channel or a group chat, live')
      .argument('<channelId>', 'channel or group chat id (channels stranded lists them)')
      .argument('<member>', 'user id or email')
      .option('--force', 'remove them even when they are not stranded'),
  ).action(
    action('channel remove-member', (channelId: string, member: string, options: { force?: boolean; operator?: string; reason?: string }) => ({
      channelId,
      member,
      force: options.force === true,
      ...auditArguments(options),
    })),
  );

  program
    .command('audit')
    .description('the audit log of every change: when, what, who, why')
    .option('--federation <id>', 'only this federation')
    .action(action('audit', (options: { federation?: string }) => ({ federationId: options.federation })));

  return program;
}

/** Runs the console; resolves to its exit status. */
export async function runConsole(argv: string[], output = (text: string) => console.log(text.trimEnd()), errorOutput = (text: string) => console.error(text.trimEnd())): Promise<number> {
  const program = buildProgram(output, errorOutput);
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
      errorOutput(program.helpInformation());
      return 2;
    }
    if (error instanceof Failure) {
      if (json) output(JSON.stringify({ ok: false, error: error.detail ?? { message: error.message } }, null, 2));
      errorOutput(error.message);
      return 1;
    }
    errorOutput(`error: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void runConsole(process.argv.slice(2)).then((code) => process.exit(code));
}

/**
 * The support console (SPEC 4.3): `npm run support -- [--server URL] [--token T] [--json] COMMAND …`
 * Talks to a running backend over its admin channel. Exit 0 on success, 1 when a rule refuses
 * the change (the message names the rule), 2 on a usage error (with the usage shown).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { adminPath, type AdminCommand, type AdminResponse, type Consent } from './adminProtocol';

interface GlobalOptions {
  server: string;
  token?: string;
  json?: boolean;
}

class UsageError extends Error {}

function parseList(value: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expects a comma-separated list of account ids, like 100100,200200.');
  return items;
}

/** `ID=WHO[:written|:verbal]`, repeatable. */
function collectConsent(value: string, previous: Consent[] = []): Consent[] {
  const match = /^([^=]+)=(.+?)(?::(written|verbal))?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expects ID=WHO[:written|:verbal], like 100100="Dana Reyes:written".');
  return [...previous, { accountId: match[1]!.trim(), who: match[2]!.trim(), form: (match[3] as Consent['form'] | undefined) ?? 'written' }];
}

async function call(globals: GlobalOptions, command: AdminCommand, args: Record<string, unknown>): Promise<unknown> {
  if (!globals.token) throw new UsageError('A support token is needed: --token T (or MERIDIAN_SUPPORT_TOKEN); the backend prints it at start.');
  let response: Response;
  try {
    response = await fetch(new URL(adminPath, globals.server), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${globals.token}` },
      body: JSON.stringify({ command, arguments: args }),
    });
  } catch {
    throw new Failure(`Cannot reach the Meridian backend at ${globals.server}. Is it running? (--server URL)`);
  }
  const body = (await response.json()) as AdminResponse;
  if (!body.ok) {
    if (body.error.code === 'bad_request') throw new UsageError(body.error.message);
    throw new Failure(body.error.rule ? `Refused (rule: ${body.error.rule}): ${body.error.message}` : body.error.message, body.error);
  }
  return body.data;
}

class Failure extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

type Printer = (data: unknown) => string;

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const text = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, index) => Math.max(column.length, ...text.map((cells) => cells[index]!.length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  return [line(columns), ...text.map(line)].join('\n');
}

const printers: Partial<Record<AdminCommand, Printer>> = {
  'account list': (data) => table((data as Array<Record<string, unknown>>).map((row) => ({ ...row, federations: (row.federations as string[]).join(',') })), ['id', 'name', 'users', 'federations']),
  'federation list': (data) =>
    table(
      (data as Array<{ id: string; name: string; accounts: Array<{ id: string }> }>).map((row) => ({ ...row, accounts: row.accounts.map((account) => account.id).join(',') })),
      ['id', 'name', 'accounts'],
    ),
  'channels stranded': (data) => {
    const channels = data as Array<{ channelId: string; name: string; members: Array<{ userId: string; displayName: string; accountName: string }> }>;
    if (channels.length === 0) return 'No channel holds members who do not see each other.';
    return channels.map((channel) => `${channel.channelId} #${channel.name}: ${channel.members.map((member) => `${member.displayName} (${member.userId}, ${member.accountName})`).join('; ')}`).join('\n');
  },
  audit: (data) =>
    table(
      (data as Array<{ at: string; action: string; federationId: string | null; detail: unknown }>).map((row) => ({ ...row, detail: JSON.stringify(row.detail) })),
      ['at', 'action', 'federationId', 'detail'],
    ),
};

function defaultPrint(data: unknown): string {
  if (data && typeof data === 'object' && 'accounts' in data && 'id' in data && 'name' in data) {
    const federation = data as { id: string; name: string; accounts: Array<{ id: string; name: string }> };
    return `${federation.id}  ${federation.name}\n${federation.accounts.map((account) => `  ${account.id}  ${account.name}`).join('\n')}`;
  }
  return JSON.stringify(data, null, 2);
}

export function buildProgram(output: (text: string) => void, errorOutput: (text: string) => void): Command {
  const program = new Command()
    .name('npm run support --')
    .description('Meridian support console: federations, users and stranded channels on a running backend.')
    .option('--server <url>', 'the backend', process.env.MERIDIAN_SERVER ?? 'http://127.0.0.1:4100')
    .option('--token <token>', 'the support token the backend printed (or MERIDIAN_SUPPORT_TOKEN)', process.env.MERIDIAN_SUPPORT_TOKEN)
    .option('--json', 'print one JSON document')
    .configureOutput({ writeOut: output, writeErr: errorOutput })
    .showHelpAfterError()
    .exitOverride();

  const action = (command: AdminCommand, toArgs: (...values: never[]) => Record<string, unknown>) =>
    async function (this: Command, ...values: unknown[]) {
      const globals = this.optsWithGlobals<GlobalOptions>();
      const data = await call(globals, command, toArgs(...(values as never[])));
      output(globals.json ? JSON.stringify(data, null, 2) : (printers[command] ?? defaultPrint)(data));
    };

  const account = program.command('account').description('accounts');
  account.command('list').description('list accounts').action(action('account list', () => ({})));

  const user = program.command('user').description('users');
  user
    .command('add')
    .description('add a user; they appear in every federated account at once')
    .requiredOption('--account <id>', 'account id')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--email <email>', 'email (the sign-in name)')
    .requiredOption('--password <password>', 'initial password')
    .option('--phone <number>', '10-digit work phone')
    .option('--extension <digits>', 'extension, 3 to 6 digits')
    .option('--title <title>', 'job title')
    .action(
      action('user add', (options: { account: string; name: string; email: string; password: string; phone?: string; extension?: string; title?: string }) => ({
        accountId: options.account,
        name: options.name,
        email: options.email,
        password: options.password,
        phone: options.phone,
        extension: options.extension,
        title: options.title,
      })),
    );
  user.command('remove').description('remove a user').argument('<userId>').action(action('user remove', (userId: string) => ({ userId })));

  const federation = program.command('federation').description('federations');
  federation.command('list').description('list federations').action(action('federation list', () => ({})));
  federation.command('show').description('show one federation').argument('<federationId>').action(action('federation show', (federationId: string) => ({ federationId })));
  const consentOption = () => new Option('--consent <ID=WHO[:written|:verbal]>', 'consent record, one per account involved (repeat)').argParser(collectConsent);
  federation
    .command('create')
    .description('create a federation: all users of all its accounts see each other')
    .requiredOption('--name <name>', 'federation name')
    .requiredOption('--accounts <ids>', 'comma-separated account ids (2 to 10)', parseList)
    .addOption(consentOption())
    .option('--confirm-all-see-all', 'confirm that every user will see every user of the other accounts')
    .action(
      action('federation create', (options: { name: string; accounts: string[]; consent?: Consent[]; confirmAllSeeAll?: boolean }) => ({
        name: options.name,
        accountIds: options.accounts,
        consents: options.consent ?? [],
        confirmAllSeeAll: options.confirmAllSeeAll === true,
      })),
    );
  federation
    .command('add-accounts')
    .description('add accounts to a federation (consent needed for every account, present ones included)')
    .argument('<federationId>')
    .requiredOption('--accounts <ids>', 'comma-separated account ids', parseList)
    .addOption(consentOption())
    .option('--confirm-all-see-all', 'confirm that every user will see every user of the other accounts')
    .action(
      action('federation add-accounts', (federationId: string, options: { accounts: string[]; consent?: Consent[]; confirmAllSeeAll?: boolean }) => ({
        federationId,
        accountIds: options.accounts,
        consents: options.consent ?? [],
        confirmAllSeeAll: options.confirmAllSeeAll === true,
      })),
    );
  federation
    .command('remove-accounts')
    .description('remove accounts from a federation')
    .argument('<federationId>')
    .requiredOption('--accounts <ids>', 'comma-separated account ids', parseList)
    .option('--ack-channel-cleanup', 'acknowledge that federated users must be removed from channels by hand')
    .action(
      action('federation remove-accounts', (federationId: string, options: { accounts: string[]; ackChannelCleanup?: boolean }) => ({
        federationId,
        accountIds: options.accounts,
        ackChannelCleanup: options.ackChannelCleanup === true,
      })),
    );
  federation
    .command('delete')
    .description('delete a federation')
    .argument('<federationId>')
    .option('--ack-channel-cleanup', 'acknowledge that federated users must be removed from channels by hand')
    .action(action('federation delete', (federationId: string, options: { ackChannelCleanup?: boolean }) => ({ federationId, ackChannelCleanup: options.ackChannelCleanup === true })));

  const channels = program.command('channels').description('channels');
  channels
    .command('stranded')
    .description('channels holding members who no longer see each other')
    .option('--federation <id>', 'only those concerning this federation')
    .action(action('channels stranded', (options: { federation?: string }) => ({ federationId: options.federation })));
  const channel = program.command('channel').description('one channel');
  channel
    .command('remove-member')
    .description('remove a member from a channel, live')
    .argument('<channelId>')
    .argument('<userId>')
    .action(action('channel remove-member', (channelId: string, userId: string) => ({ channelId, userId })));

  program
    .command('audit')
    .description('the audit log of every change')
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

/**
 * The rules of a federation change (SPEC 1 "Changing a federation", SPEC 4.3), apart from any
 * storage: how a command's arguments are read, and what each change needs (existing, distinct
 * accounts; 2 to 10 of them; a consent per account involved; a confirmation or an
 * acknowledgement). Each rule either throws a refusal naming it or, for a dry run, says what is
 * still missing.
 */
import { describeZodError } from '../../src-shared/protocol/validate';
import type { Directory } from '../directory/directory';
import { adminCommandSchemas, type AdminArguments, type AdminCommand, type Consent } from '../support/adminProtocol';

/** A change a rule refuses; `rule` names the rule for the console and for tests. */
export class RuleRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something named that does not exist; `rule` names what was expected. */
export class NotFound extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Arguments that do not have the shape of the command (a caller in this process; the admin route checks its own). */
export class InvalidArguments extends Error {}

/** Something a change still needs, with the rule that needs it. */
export interface MissingStep {
  rule: string;
  message: string;
}

/** The most accounts a federation holds. */
export const maximumAccounts = 10;

/** A command's arguments, validated with its schema (the same as the admin route's). */
export function parseArguments<C extends AdminCommand>(command: C, input: unknown): AdminArguments<C> {
  const parsed = adminCommandSchemas[command].safeParse(input ?? {});
  if (!parsed.success) throw new InvalidArguments(`${command}: ${describeZodError(parsed.error)}`);
  return parsed.data as AdminArguments<C>;
}

/** Throws the refusal of a missing step, if any. */
export function refuseIfMissing(step: MissingStep | null): void {
  if (step) throw new RuleRefusal(step.rule, step.message);
}

/** The rules that need the directory: which accounts exist and what they are called. */
export class FederationRules {
  constructor(private readonly directory: Directory) {}

  /** The accounts of a change: distinct, and every one of them existing. */
  accounts(accountIds: string[]): string[] {
    const distinct = [...new Set(accountIds)];
    if (distinct.length !== accountIds.length) throw new RuleRefusal('distinct-accounts', 'A federation has 2 to 10 distinct accounts; an account is listed twice.');
    const unknown = distinct.filter((accountId) => !this.directory.accounts.has(accountId));
    if (unknown.length > 0) throw new RuleRefusal('existing-accounts', `A federation has 2 to 10 existing accounts; no account ${unknown.join(', ')}.`);
    return distinct;
  }

  count(count: number): void {
    if (count < 2 || count > maximumAccounts) {
      throw new RuleRefusal('account-count', `A federation has 2 to ${maximumAccounts} accounts; this change would make ${count}.`);
    }
  }

  /** Consents given for accounts the change does not involve, or twice for one, are refused before anything else. */
  strayConsents(accountIds: string[], consents: Consent[]): void {
    const stray = consents.filter((consent) => !accountIds.includes(consent.accountId));
    if (stray.length > 0) throw new RuleRefusal('consent', `Consent given for ${stray.map((consent) => consent.accountId).join(', ')}, which this change does not involve.`);
    const twice = consents.filter((consent, index) => consents.findIndex((other) => other.accountId === consent.accountId) !== index);
    if (twice.length > 0) throw new RuleRefusal('consent', `Consent given twice for ${[...new Set(twice.map((consent) => consent.accountId))].join(', ')}; give one per account.`);
  }

  missingConsents(accountIds: string[], consents: Consent[]): MissingStep | null {
    const given = new Set(consents.map((consent) => consent.accountId));
    const missing = accountIds.filter((accountId) => !given.has(accountId));
    if (missing.length === 0) return null;
    return {
      rule: 'consent',
      message: `Every account involved needs a consent record (\`consents\`: who consented, and whether written or verbal); missing for ${this.describeAccounts(missing)}.`,
    };
  }

  /** One consent per account involved, in the order of the accounts; refused when one is missing. */
  consents(accountIds: string[], consents: Consent[]): Consent[] {
    refuseIfMissing(this.missingConsents(accountIds, consents));
    const byAccount = new Map(consents.map((consent) => [consent.accountId, consent]));
    return accountIds.map((accountId) => byAccount.get(accountId)!);
  }

  describeAccounts(accountIds: string[]): string {
    return accountIds.map((accountId) => `${accountId} (${this.directory.accountName(accountId)})`).join(', ');
  }
}

export function missingConfirmation(confirmed: boolean): MissingStep | null {
  return confirmed ? null : { rule: 'confirm-all-see-all', message: 'Confirm that every user of every account will see every user of the others (`confirmAllSeeAll`).' };
}

export function missingAcknowledgement(acknowledged: boolean): MissingStep | null {
  if (acknowledged) return null;
  return {
    rule: 'ack-channel-cleanup',
    message: 'Acknowledge that federated users must be removed from shared channels by hand (`ackChannelCleanup`); `channels stranded` lists them.',
  };
}

/**
 * Number resolution (SPEC 3): a number shows as the person who owns it only when the viewer sees
 * that person, and as the formatted number otherwise — never the name of someone unseen.
 */
import { formatPhone } from '../../src-shared/domain/phone';
import type { CallParty } from '../../src-shared/protocol/callProtocol';
import type { ServerContext } from '../context';
import type { UserRecord, Viewer } from '../directory/directory';
import { extensionShownTo } from '../domain/policy';

/** The user whose work phone or mobile this E.164 number is, if any. */
export function ownerOfNumber(context: ServerContext, number: string): UserRecord | undefined {
  return context.directory.ownerOfNumber(number);
}

/** The user of an account with this extension, if any. */
export function ownerOfExtension(context: ServerContext, accountId: string, extension: string): UserRecord | undefined {
  return context.directory.ownerOfExtension(accountId, extension);
}

/** The number a person calls from, as stored in records: their work phone, else their extension. */
export function callerIdOf(user: UserRecord): string {
  return user.phone ?? user.mobile ?? user.extension ?? '';
}

function displayNumber(number: string): string {
  if (number.startsWith('+')) return formatPhone(number);
  if (/^\d{3,6}$/.test(number)) return `Ext. ${number}`;
  return 'Unknown number';
}

/**
 * The other end of a call or voicemail as this viewer may know it. `userId` is who it was when
 * known (a live call); otherwise the number's owner is looked up, so resolution follows
 * federation changes.
 */
export function partyFor(context: ServerContext, viewer: Viewer, other: { userId: string | null; number: string }): CallParty {
  const { directory } = context;
  const user = other.userId ? directory.user(other.userId) : other.number.startsWith('+') ? ownerOfNumber(context, other.number) : undefined;
  const dialable = other.number.startsWith('+') ? other.number : null;
  if (user && directory.sees(viewer, user)) {
    // An extension is shown and dialed only inside the own account (SPEC 3).
    const extension = extensionShownTo(viewer, user);
    const number = other.number.startsWith('+') ? other.number : (user.phone ?? extension ?? '');
    return {
      person: directory.summaryFor(viewer.accountId, user),
      number: number ? displayNumber(number) : 'Unknown number',
      dial: number.startsWith('+') || extension !== null ? number || null : null,
    };
  }
  // Someone unseen, or nobody: only the number, and never an extension of another account.
  return dialable ? { person: null, number: displayNumber(dialable), dial: dialable } : { person: null, number: 'Unknown number', dial: null };
}

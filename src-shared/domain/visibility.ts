/**
 * Who sees whom (SPEC 1): two people see each other when they are in the same account, or some
 * federation holds both their accounts. Not transitive. The single source of truth: the backend
 * calls it in every handler that reads or writes about a person.
 */

/** A federation as visibility needs it. */
export interface FederationMembership {
  readonly id: string;
  readonly accountIds: readonly string[];
}

/** Anything that belongs to an account: a user, a viewer. */
export interface AccountMember {
  readonly accountId: string;
}

export function sees(viewer: AccountMember, target: AccountMember, federations: readonly FederationMembership[]): boolean {
  if (viewer.accountId === target.accountId) return true;
  return federations.some(
    (federation) => federation.accountIds.includes(viewer.accountId) && federation.accountIds.includes(target.accountId),
  );
}

/**
 * The same rule, precomputed per account for hot paths (search over 100,000 people).
 * Build a new one whenever federations change.
 */
export class VisibilityGraph {
  private readonly visibleByAccount = new Map<string, Set<string>>();

  constructor(federations: readonly FederationMembership[]) {
    for (const federation of federations) {
      for (const accountId of federation.accountIds) {
        let visible = this.visibleByAccount.get(accountId);
        if (!visible) this.visibleByAccount.set(accountId, (visible = new Set([accountId])));
        for (const other of federation.accountIds) visible.add(other);
      }
    }
  }

  /** The accounts whose people a person of `accountId` sees, their own included. */
  visibleAccounts(accountId: string): ReadonlySet<string> {
    return this.visibleByAccount.get(accountId) ?? new Set([accountId]);
  }

  sees(viewer: AccountMember, target: AccountMember): boolean {
    return viewer.accountId === target.accountId || this.visibleAccounts(viewer.accountId).has(target.accountId);
  }
}

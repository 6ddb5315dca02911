/**
 * References to people a viewer does not see (SPEC 1 rule 7): one per conversation and viewing
 * account, made on first use and kept by the store. A replica of the current ones is kept here
 * (history pages repeat authors), invalidated whenever references are retired — here, or in
 * another process (`retiredElsewhere`).
 */
import type { UnknownReference } from '../store/records';
import { Replica } from '../store/replica';
import type { UnknownPeopleRepository } from '../store/repositories';

const keyOf = (conversationId: string, viewerAccountId: string, userId: string) => `${conversationId}\n${viewerAccountId}\n${userId}`;

/** References kept in memory; past it the least recently used are read again. */
const maxKept = 200_000;

export class UnknownPeople {
  /** Counts retirements: a reference given out before one may have ended. */
  retirements = 0;
  private readonly kept = new Replica<UnknownReference>('references to unknown people', maxKept);

  constructor(private readonly repository: UnknownPeopleRepository) {}

  /** The reference of `userId` for people of `viewerAccountId` in one conversation, made on first use. */
  reference(conversationId: string, viewerAccountId: string, userId: string): Promise<UnknownReference> {
    return this.kept.get(keyOf(conversationId, viewerAccountId, userId), () => this.repository.reference(conversationId, viewerAccountId, userId));
  }

  /** People of `viewerAccountId` see the people of `targetAccountId` again: their references end. */
  async retire(viewerAccountId: string, targetAccountId: string, at: string): Promise<void> {
    await this.repository.retire(viewerAccountId, targetAccountId, at);
    this.retiredElsewhere();
  }

  /** References were retired (here or in another process): none kept here may be current. */
  retiredElsewhere(): void {
    this.kept.clear();
    this.retirements += 1;
  }
}

/**
 * Tells the backend where the person has read each conversation up to, without a request per
 * message: one mark in flight per conversation, and while it is, only the newest mark waits
 * (the backend writes marks together as well: src-backend/domain/readState.ts). Read state
 * lives on the backend (SPEC 9); this only carries it there.
 */
export class ReadReporter {
  private readonly marks = new Map<string, { inFlight: number; waiting: number | null }>();

  constructor(private readonly send: (conversationId: string, seq: number) => Promise<unknown>) {}

  /** The conversation is read up to `seq`: sent now, or after the mark in flight is answered. */
  report(conversationId: string, seq: number): void {
    const mark = this.marks.get(conversationId);
    if (!mark) {
      this.marks.set(conversationId, { inFlight: seq, waiting: null });
      void this.sendNow(conversationId, seq);
    } else if (seq > Math.max(mark.inFlight, mark.waiting ?? -1)) {
      mark.waiting = seq;
    }
  }

  /** The furthest mark sent or waiting and not answered yet; null when none is. */
  unanswered(conversationId: string): number | null {
    const mark = this.marks.get(conversationId);
    return mark ? Math.max(mark.inFlight, mark.waiting ?? -1) : null;
  }

  /** Forgets every mark (sign-out): answers that come later change nothing. */
  reset(): void {
    this.marks.clear();
  }

  private async sendNow(conversationId: string, seq: number): Promise<void> {
    try {
      await this.send(conversationId, seq);
    } catch {
      // Not sent (offline): the conversation is read again when it is next on screen.
    }
    const mark = this.marks.get(conversationId);
    if (!mark || mark.inFlight !== seq) return;
    if (mark.waiting === null) {
      this.marks.delete(conversationId);
      return;
    }
    const next = mark.waiting;
    this.marks.set(conversationId, { inFlight: next, waiting: null });
    void this.sendNow(conversationId, next);
  }
}

/**
 * Back goes back one pane (SPEC 11). On a phone each pane or sheet that opens over another (a
 * conversation over the list, a thread over the conversation, a dialog over either) is a layer
 * with an entry of its own in the browser's history, so the browser's Back (and Android's)
 * closes the topmost one. A layer the app closes itself (its close button, Escape, an action)
 * takes its entry back out, so the history never holds a Back that does nothing.
 *
 * Layers are kept by level (a conversation under its thread under a dialog, whatever order their
 * components mounted in), then in the order they opened. History is written only here: entries
 * carry `{ meridianBack: depth }`, depth 0 being the page's own entry (the section). An entry
 * without it was made by someone else (an address typed, a link followed within the page): the
 * layers close and the address is followed before anything is written over it.
 */

/** The part of `window.history` this needs (a fake in tests). */
export interface HistoryLike {
  readonly state: unknown;
  pushState(state: unknown, unused: string, url?: string | null): void;
  replaceState(state: unknown, unused: string, url?: string | null): void;
  go(delta: number): void;
}

export interface Layer {
  /** 1: a pane (a conversation, message results, the account panel); 2: a sheet over a pane (a thread, members); 3: a dialog. */
  level: number;
  /** The address while it is the top layer (`#/chat/ID`), or null to keep the one beneath. */
  url: () => string | null;
  /** Back was pressed with this layer on top (or under one being closed): close it. */
  close: () => void;
}

interface OpenLayer {
  id: number;
  layer: Layer;
}

/** Whether an entry was written here. */
export function isOwnEntry(state: unknown): boolean {
  return typeof (state as { meridianBack?: unknown } | null)?.meridianBack === 'number';
}

/** What an entry of ours holds; anything else (a page's first entry) is depth 0. */
export function depthOf(state: unknown): number {
  const depth = (state as { meridianBack?: unknown } | null)?.meridianBack;
  return typeof depth === 'number' && Number.isInteger(depth) && depth > 0 ? depth : 0;
}

export class BackStack {
  private open: OpenLayer[] = [];
  /** Ids of the layers that have an entry, bottom first: entry i + 1 belongs to pushed[i]. */
  private pushed: number[] = [];
  /** A `history.go` back is on its way: nothing is written until its popstate comes. */
  private returning = false;
  private scheduled = false;
  private nextId = 1;
  private baseUrl: string | null = null;
  private follower: (() => void) | null = null;

  constructor(
    private readonly history: HistoryLike,
    /** Runs the reconciliation once the current batch of opens and closes is over. */
    private readonly schedule: (task: () => void) => void = (task) => queueMicrotask(task),
  ) {
    // A page reloaded on an entry of ours (a conversation on a phone): its layers are gone, so
    // back to the page's own entry first; the route in the address opens them again.
    const depth = depthOf(history.state);
    if (depth > 0) {
      this.returning = true;
      history.go(-depth);
    }
  }

  /** Opens a layer; the function returned closes it, when the app (not Back) closes it. */
  add(layer: Layer): () => void {
    const entry = { id: this.nextId++, layer };
    // By level, then in the order of opening.
    const at = this.open.findIndex((other) => other.layer.level > layer.level);
    if (at < 0) this.open.push(entry);
    else this.open.splice(at, 0, entry);
    this.reconcileSoon();
    return () => {
      const index = this.open.indexOf(entry);
      if (index < 0) return;
      this.open.splice(index, 1);
      this.reconcileSoon();
    };
  }

  /** The address of the page's own entry (the section), and after a change of route the top entry's. */
  setBaseUrl(url: string): void {
    this.baseUrl = url;
    this.reconcileSoon();
  }

  /** Opens what the address now shown names, when the browser arrives at an entry made elsewhere. */
  followAddresses(follower: (() => void) | null): void {
    this.follower = follower;
  }

  /** How many layers are open (tests, and the app's own back button). */
  get depth(): number {
    return this.open.length;
  }

  /** The browser moved in its history (Back, Forward, an address typed): follow it. */
  popped(state: unknown): void {
    const depth = depthOf(state);
    if (this.returning) {
      this.returning = false;
      this.pushed = this.pushed.slice(0, depth);
      this.reconcile();
      return;
    }
    if (depth < this.pushed.length) {
      // Back: every layer above the entry now shown closes, the topmost first.
      const closing = this.pushed.slice(depth).reverse();
      this.pushed = this.pushed.slice(0, depth);
      for (const id of closing) {
        const index = this.open.findIndex((entry) => entry.id === id);
        if (index < 0) continue;
        const [entry] = this.open.splice(index, 1);
        entry!.layer.close();
      }
    } else if (depth > this.pushed.length) {
      // Forward to an entry whose layer was closed: nothing to show there, so back again.
      this.returning = true;
      this.history.go(this.pushed.length - depth);
      return;
    }
    // An address from elsewhere: followed now, while the entry still holds it.
    if (!isOwnEntry(state)) this.follower?.();
    this.reconcileSoon();
  }

  private reconcileSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.reconcile();
    });
  }

  /** Makes the history's entries match the open layers: back out those closed, push those opened. */
  private reconcile(): void {
    if (this.returning) return;
    let common = 0;
    while (common < this.pushed.length && common < this.open.length && this.pushed[common] === this.open[common]!.id) common++;
    if (this.pushed.length > common) {
      this.returning = true;
      this.history.go(common - this.pushed.length);
      return;
    }
    this.replaceTop();
    for (let index = common; index < this.open.length; index++) {
      this.history.pushState({ meridianBack: index + 1 }, '', this.urlAt(index + 1));
      this.pushed.push(this.open[index]!.id);
    }
  }

  /** The address of entry `depth`: the nearest layer at or below it that has one, else the base. */
  private urlAt(depth: number): string | null {
    for (let index = depth - 1; index >= 0; index--) {
      const url = this.open[index]?.layer.url();
      if (url) return url;
    }
    return this.baseUrl;
  }

  /** Keeps the address of the entry now shown in step with what it shows (a route that changed in place). */
  private replaceTop(): void {
    const depth = this.pushed.length;
    const url = this.urlAt(depth);
    if (url !== null) this.history.replaceState({ meridianBack: depth }, '', url);
  }
}

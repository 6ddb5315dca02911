import { describe, expect, it, vi } from 'vitest';
import { BackStack, depthOf, type HistoryLike, type Layer } from './backStack';

/** A browser's session history: entries, the one shown, and popstate after `go` (as browsers do, later). */
class FakeHistory implements HistoryLike {
  entries: Array<{ state: unknown; url: string }> = [{ state: null, url: '#/chat' }];
  index = 0;
  private pending: Array<() => void> = [];
  onPop: (state: unknown) => void = () => undefined;

  get state(): unknown {
    return this.entries[this.index]!.state;
  }
  get url(): string {
    return this.entries[this.index]!.url;
  }
  pushState(state: unknown, _unused: string, url?: string | null): void {
    this.entries = [...this.entries.slice(0, this.index + 1), { state, url: url ?? this.url }];
    this.index++;
  }
  replaceState(state: unknown, _unused: string, url?: string | null): void {
    this.entries[this.index] = { state, url: url ?? this.url };
  }
  go(delta: number): void {
    this.pending.push(() => this.move(delta));
  }
  /** The person presses the browser's Back. */
  back(): void {
    this.move(-1);
  }
  private move(delta: number): void {
    const next = Math.max(0, Math.min(this.entries.length - 1, this.index + delta));
    if (next === this.index) return;
    this.index = next;
    this.onPop(this.state);
  }
  /** Lets the browser deliver what `go` asked for. */
  deliver(): void {
    while (this.pending.length > 0) this.pending.shift()!();
  }
}

function setUp(history = new FakeHistory()) {
  const tasks: Array<() => void> = [];
  const stack = new BackStack(history, (task) => tasks.push(task));
  history.onPop = (state) => stack.popped(state);
  /** Runs what the stack scheduled and what the browser owes, until both are done. */
  const settle = () => {
    for (let round = 0; round < 10 && (tasks.length > 0 || (history as unknown as { pending: unknown[] }).pending.length > 0); round++) {
      while (tasks.length > 0) tasks.shift()!();
      history.deliver();
    }
  };
  return { history, stack, settle };
}

function layer(level: number, url: string | null = null, close = vi.fn()): Layer & { close: ReturnType<typeof vi.fn> } {
  return { level, url: () => url, close };
}

describe('BackStack', () => {
  it('gives each opened layer a history entry with its address, and Back closes the topmost', () => {
    const { history, stack, settle } = setUp();
    stack.setBaseUrl('#/chat');
    const conversation = layer(1, '#/chat/c1');
    stack.add(conversation);
    settle();
    expect(history.entries.map((entry) => entry.url)).toEqual(['#/chat', '#/chat/c1']);
    const thread = layer(2, '#/chat/c1/thread/m1');
    stack.add(thread);
    settle();
    expect(history.url).toBe('#/chat/c1/thread/m1');

    history.back();
    settle();
    expect(thread.close).toHaveBeenCalledOnce();
    expect(conversation.close).not.toHaveBeenCalled();
    expect(history.url).toBe('#/chat/c1');
    history.back();
    settle();
    expect(conversation.close).toHaveBeenCalledOnce();
    expect(history.url).toBe('#/chat');
    expect(stack.depth).toBe(0);
  });

  it('takes the entry of a layer the app closed itself back out, so Back is never spent on nothing', () => {
    const { history, stack, settle } = setUp();
    const conversation = layer(1, '#/chat/c1');
    stack.add(conversation);
    const closeDialog = stack.add(layer(3));
    settle();
    expect(history.index).toBe(2);
    closeDialog();
    settle();
    expect(history.index).toBe(1);
    expect(history.url).toBe('#/chat/c1');
    // The next Back is the conversation's.
    history.back();
    settle();
    expect(conversation.close).toHaveBeenCalledOnce();
  });

  it('orders layers by level, whatever order they open in (a thread mounting before its conversation)', () => {
    const { history, stack, settle } = setUp();
    const thread = layer(2, '#/chat/c1/thread/m1');
    const conversation = layer(1, '#/chat/c1');
    stack.add(thread);
    stack.add(conversation);
    settle();
    expect(history.entries.map((entry) => entry.url)).toEqual(['#/chat', '#/chat/c1', '#/chat/c1/thread/m1']);
    history.back();
    settle();
    expect(thread.close).toHaveBeenCalledOnce();
    expect(conversation.close).not.toHaveBeenCalled();
  });

  it('re-stacks entries when a lower layer opens under a pushed upper one', () => {
    const { history, stack, settle } = setUp();
    const dialog = layer(3);
    stack.add(dialog);
    settle();
    const conversation = layer(1, '#/chat/c2');
    stack.add(conversation);
    settle();
    expect(history.entries.slice(0, history.index + 1).map((entry) => entry.url)).toEqual(['#/chat', '#/chat/c2', '#/chat/c2']);
    history.back();
    settle();
    expect(dialog.close).toHaveBeenCalledOnce();
    expect(conversation.close).not.toHaveBeenCalled();
  });

  it('keeps the shown entry’s address in step when the route changes in place', () => {
    const { history, stack, settle } = setUp();
    let url = '#/chat/c1';
    stack.add({ level: 1, url: () => url, close: vi.fn() });
    settle();
    url = '#/chat/c2';
    stack.setBaseUrl('#/chat');
    settle();
    expect(history.url).toBe('#/chat/c2');
    expect(history.entries[0]!.url).toBe('#/chat');
  });

  it('a closed layer and a new one in the same batch: one entry back, one pushed', () => {
    const { history, stack, settle } = setUp();
    const closeResults = stack.add(layer(1, '#/chat'));
    settle();
    closeResults();
    stack.add(layer(1, '#/chat/c3'));
    settle();
    expect(history.index).toBe(1);
    expect(history.url).toBe('#/chat/c3');
  });

  it('after a reload on an entry of its own, goes back to the page’s entry before anything else', () => {
    const history = new FakeHistory();
    history.pushState({ meridianBack: 1 }, '', '#/chat/c1');
    const { stack, settle } = setUp(history);
    const conversation = layer(1, '#/chat/c1');
    stack.add(conversation);
    settle();
    expect(history.index).toBe(1);
    expect(history.entries.slice(0, 2).map((entry) => entry.url)).toEqual(['#/chat', '#/chat/c1']);
    history.back();
    settle();
    expect(conversation.close).toHaveBeenCalledOnce();
    expect(history.index).toBe(0);
  });

  it('Back over several entries at once (an address typed) closes every layer above it', () => {
    const { history, stack, settle } = setUp();
    const conversation = layer(1, '#/chat/c1');
    const thread = layer(2, '#/chat/c1/thread/m1');
    stack.add(conversation);
    stack.add(thread);
    settle();
    history.index = 0;
    stack.popped(history.state);
    settle();
    expect(thread.close).toHaveBeenCalledOnce();
    expect(conversation.close).toHaveBeenCalledOnce();
    expect(thread.close.mock.invocationCallOrder[0]).toBeLessThan(conversation.close.mock.invocationCallOrder[0]!);
  });

  it('an address typed (an entry it did not write) closes the layers and is followed before anything is written over it', () => {
    const { history, stack, settle } = setUp();
    const follower = vi.fn(() => expect(history.url).toBe('#/chat/c9'));
    stack.followAddresses(follower);
    const conversation = layer(1, '#/chat/c1');
    stack.add(conversation);
    settle();
    history.pushState(null, '', '#/chat/c9');
    stack.popped(history.state);
    expect(conversation.close).toHaveBeenCalledOnce();
    expect(follower).toHaveBeenCalledOnce();
    // What the address named opens: its entry becomes the page's own, with the conversation above it.
    stack.setBaseUrl('#/chat');
    stack.add(layer(1, '#/chat/c9'));
    settle();
    expect(history.entries.slice(-2)).toEqual([
      { state: { meridianBack: 0 }, url: '#/chat' },
      { state: { meridianBack: 1 }, url: '#/chat/c9' },
    ]);
  });

  it('Back to its own entries follows nothing: they hold what is open', () => {
    const { history, stack, settle } = setUp();
    const follower = vi.fn();
    stack.followAddresses(follower);
    stack.setBaseUrl('#/chat');
    stack.add(layer(1, '#/chat/c1'));
    settle();
    history.back();
    settle();
    expect(follower).not.toHaveBeenCalled();
  });

  it('reads only depths it wrote', () => {
    expect(depthOf(null)).toBe(0);
    expect(depthOf({ meridianBack: 2 })).toBe(2);
    expect(depthOf({ meridianBack: '2' })).toBe(0);
    expect(depthOf({ meridianBack: -1 })).toBe(0);
    expect(depthOf({ meridianBack: 1.5 })).toBe(0);
  });
});

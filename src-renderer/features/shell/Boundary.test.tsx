// @vitest-environment happy-dom
/**
 * One bad message must not take the app down (SPEC 8, STYLE "each message and each pane sits
 * inside an error boundary"): rendered with React's real client in happy-dom, a message that
 * throws while rendering shows "This message could not be shown" in its place, and the messages
 * around it and the pane holding them stay.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../../src-shared/protocol/model';
import { MessageRow } from '../chat/MessageRow';
import { PaneBoundary } from './Boundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const message = (id: string, text: string): MessageView => ({
  id,
  conversationId: 'ch-1',
  clientId: null,
  seq: Number(id.replace(/\D/g, '')) || 1,
  author: { kind: 'person', id: 'nw-alice', displayName: 'Alice Nguyen', accountId: '100100', accountName: 'Northwind Health', federated: false, photoId: null },
  text,
  mentions: [],
  createdAt: '2026-01-05T10:00:00.000Z',
  editedAt: null,
  deleted: false,
  file: null,
  thread: null,
  reactions: [],
  notice: null,
  threadId: null,
});

let root: Root | null = null;
let container: HTMLElement;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

function render(node: ReactNode): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(node));
  return container;
}

/** The accessible names of the messages shown. */
const messageNames = (element: HTMLElement) => [...element.querySelectorAll('article')].map((article) => article.getAttribute('aria-label'));

describe('error boundaries', () => {
  it('shows "This message could not be shown" in place of a message that cannot be rendered, and the others as they are', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // A message as a broken or hostile server event might bring it: no author at all.
    const broken = { ...message('m2', 'two'), author: null } as unknown as MessageView;
    const shown = render(
      <PaneBoundary name="The conversation">
        <section aria-label="Conversation">
          {[message('m1', 'one'), broken, message('m3', '**three**')].map((item) => (
            <MessageRow key={item.id} message={item} continued={false} onOpenPerson={() => undefined} />
          ))}
        </section>
      </PaneBoundary>,
    );
    expect(messageNames(shown)).toEqual(['Message from Alice Nguyen', 'This message could not be shown', 'Message from Alice Nguyen']);
    expect(shown.textContent).toContain('one');
    expect(shown.querySelector('strong')?.textContent).toBe('three');
    expect(shown.textContent).toContain('This message could not be shown.');
    // The pane holding them did not fail.
    expect(shown.querySelector('[role="alert"]')).toBeNull();
    expect(shown.querySelector('section[aria-label="Conversation"]')).not.toBeNull();
  });

  it('shows a message again once it changes into one that can be rendered', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = { ...message('m1', 'one'), author: null } as unknown as MessageView;
    const shown = render(<MessageRow message={broken} continued={false} onOpenPerson={() => undefined} />);
    expect(messageNames(shown)).toEqual(['This message could not be shown']);
    act(() => root!.render(<MessageRow message={message('m1', 'one, edited')} continued={false} onOpenPerson={() => undefined} />));
    expect(messageNames(shown)).toEqual(['Message from Alice Nguyen']);
    expect(shown.textContent).toContain('one, edited');
  });

  it('keeps the rest of the app when a pane fails: the pane says so and can try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let fail = true;
    function Fragile() {
      if (fail) throw new Error('broken pane');
      return <p>pane content</p>;
    }
    const shown = render(
      <main>
        <nav aria-label="Sections">tabs</nav>
        <PaneBoundary name="The conversation">
          <Fragile />
        </PaneBoundary>
      </main>,
    );
    expect(shown.querySelector('nav')?.textContent).toBe('tabs');
    expect(shown.querySelector('[role="alert"]')?.textContent).toContain('The conversation could not be shown.');
    fail = false;
    act(() => (shown.querySelector('[role="alert"] button') as HTMLButtonElement).click());
    expect(shown.textContent).toContain('pane content');
    expect(shown.querySelector('[role="alert"]')).toBeNull();
  });
});

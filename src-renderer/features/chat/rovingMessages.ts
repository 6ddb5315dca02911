/**
 * The message log as one Tab stop (SPEC 9 "Focus"): one message at a time can be reached by Tab
 * (the one last focused, else the newest shown), from either side; Arrow Up/Down move between
 * messages, Home/End to the first and last shown, and Tab goes on from the message into its own
 * buttons and links, then out of the log. Other messages' buttons and links (and that message's,
 * while focus is outside the log) are kept out of the Tab order, not out of reach: a click or a
 * screen reader's browse mode still finds them.
 *
 * Done on the DOM of the log rather than through props, because the log is virtualized (rows
 * come and go as it scrolls) and what a message holds (names, links of formatted text, reactions,
 * files, thread summaries) is drawn by many components that need not know about it.
 */
import { useEffect, type RefObject } from 'react';

/** A message of the log: MessageRow's article, named by its id. */
export const messageSelector = 'article[data-message-id]';

/** What Tab would stop on inside a message. */
const tabbableSelector = 'a[href], button, input, textarea, select, [tabindex]:not([data-message-id])';

/** The tabindex an element had before it was taken out of the Tab order ('' when it had none). */
const savedAttribute = 'data-roving-tabindex';

function takeOut(element: HTMLElement): void {
  if (!element.hasAttribute(savedAttribute)) element.setAttribute(savedAttribute, element.getAttribute('tabindex') ?? '');
  if (element.getAttribute('tabindex') !== '-1') element.setAttribute('tabindex', '-1');
}

function putBack(element: HTMLElement): void {
  const saved = element.getAttribute(savedAttribute);
  if (saved === null) return;
  element.removeAttribute(savedAttribute);
  if (saved === '') element.removeAttribute('tabindex');
  else element.setAttribute('tabindex', saved);
}

/** Keeps the messages under `log` one Tab stop, moved by the arrow keys. */
export function useRovingMessages(log: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = log.current;
    if (!root) return;
    let activeId: string | null = null;
    // Focus is in the log: only then are the chosen message's own buttons Tab stops (coming back with Shift+Tab lands on the message).
    let inside = false;
    const shown = () => [...root.querySelectorAll<HTMLElement>(messageSelector)];
    const current = (messages: HTMLElement[]) => messages.find((message) => message.dataset.messageId === activeId) ?? messages.at(-1);

    const apply = () => {
      const messages = shown();
      const active = current(messages);
      for (const message of messages) {
        const on = message === active;
        // The attribute, not the property: an article without one reads -1 yet cannot take focus.
        if (message.getAttribute('tabindex') !== (on ? '0' : '-1')) message.setAttribute('tabindex', on ? '0' : '-1');
        for (const element of message.querySelectorAll<HTMLElement>(tabbableSelector)) {
          if (on && inside) putBack(element);
          else takeOut(element);
        }
      }
    };

    const onFocusIn = (event: FocusEvent) => {
      const message = (event.target as HTMLElement).closest<HTMLElement>(messageSelector);
      const id = message?.dataset.messageId ?? activeId;
      if (inside && id === activeId) return;
      inside = true;
      activeId = id;
      apply();
    };
    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget instanceof Node && root.contains(event.relatedTarget)) return;
      inside = false;
      apply();
    };

    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (!target.matches(messageSelector) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const messages = shown();
      const index = messages.indexOf(target);
      const next =
        event.key === 'ArrowDown' ? messages[index + 1] : event.key === 'ArrowUp' ? messages[index - 1] : event.key === 'Home' ? messages[0] : event.key === 'End' ? messages.at(-1) : undefined;
      if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
      // At either end the key does nothing else (the log does not scroll away from the focus).
      event.preventDefault();
      if (!next) return;
      next.focus({ preventScroll: true });
      next.scrollIntoView({ block: 'nearest' });
    };

    // Rows come and go as the log scrolls and as messages change: each new one is set as it comes.
    const observer = new MutationObserver(apply);
    observer.observe(root, { childList: true, subtree: true });
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    root.addEventListener('keydown', onKeyDown);
    apply();
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
      root.removeEventListener('keydown', onKeyDown);
    };
  }, [log]);
}

/**
 * The message log, virtualized (react-virtuoso): a channel of 50,000 messages keeps only the
 * rows in view in the DOM. It opens at the first unread message, under a `New messages`
 * divider, or else at the newest (SPEC 7 "Reading position"); scrolling up loads older pages,
 * scrolling down newer ones when it opened far from the newest; `Jump to latest` shows while
 * the newest message is out of view. New messages follow the bottom when the reader is there.
 */
import { ArrowDown } from 'lucide-react';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type ReactNode } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { MessageView } from '../../../src-shared/protocol/model';
import type { ConversationHistory } from '../../store/historiesSlice';
import { layoutMessages, type MessageLayout } from './messageLayout';
import { useRovingMessages } from './rovingMessages';

/** How near the bottom (in pixels) counts as at the bottom. */
const bottomThreshold = 40;

/** How far below the top of the log (in pixels) the first unread message opens: the end of what was read shows above it. */
const unreadInset = 64;

/** Events of the reader moving the log themselves (wheel, touch, scroll bar, keys, focus moved into it), as against the log placing itself. */
const readerMoves = ['wheel', 'touchstart', 'pointerdown', 'keydown', 'focusin'] as const;

/** Index the first message has; lowered as older pages are prepended (Virtuoso's contract). */
const firstIndexBase = 1_000_000_000;

/** What the log can be asked to do from outside (the composer, after sending). */
export interface MessageListHandle {
  scrollToLatest(): void;
}

export interface MessageListProps {
  history: ConversationHistory;
  /** Where the `New messages` divider goes (see ConversationsSlice.readMarkers). */
  readMarker: number | null;
  /** A message to open at instead (a search result), in the middle of the view. */
  focusMessageId?: string | null;
  countsAsUnread: (message: MessageView) => boolean;
  renderMessage: (message: MessageView, layout: MessageLayout) => ReactNode;
  /** Above the oldest message once it is loaded: how the conversation began. */
  start: ReactNode;
  /** Below the newest: messages still on their way. */
  footer: ReactNode;
  onLoadOlder: () => Promise<void>;
  onLoadNewer: () => Promise<void>;
  onJumpToLatest: () => Promise<void>;
  /** Told whether the newest message is in view (and loaded): the conversation is read then. */
  onAtLatestChange?: (atLatest: boolean) => void;
}

interface ListContext {
  hasMore: boolean;
  start: ReactNode;
  footer: ReactNode;
}

// Stable components that read what changes from Virtuoso's context: Virtuoso remounts whatever new component identity it gets.
const components = {
  Header: ({ context }: { context: ListContext }) =>
    context.hasMore ? (
      <p className="messages__older muted" role="status">
        Loading older messages…
      </p>
    ) : (
      <>{context.start}</>
    ),
  // A little room below the newest message, so nothing of it touches the edge.
  Footer: ({ context }: { context: ListContext }) => <div className="messages__end">{context.footer}</div>,
};

/** Virtuoso's first item index: lowered by exactly the number of messages put before the first one. */
function useFirstItemIndex(messages: readonly MessageView[]): number {
  const firstId = messages[0]?.id;
  const [known, setKnown] = useState<{ firstId: string | undefined; index: number }>({ firstId, index: firstIndexBase });
  if (firstId === known.firstId) return known.index;
  // Older messages came in front (the old first one moved down by `shift`), or the page was replaced.
  const shift = messages.findIndex((message) => message.id === known.firstId);
  const next = { firstId, index: shift > 0 ? known.index - shift : firstIndexBase };
  setKnown(next);
  return next.index;
}

export const MessageList = forwardRef<MessageListHandle, MessageListProps>(function MessageList(
  { history, readMarker, focusMessageId = null, countsAsUnread, renderMessage, start, footer, onLoadOlder, onLoadNewer, onJumpToLatest, onAtLatestChange },
  ref,
) {
  const virtuoso = useRef<VirtuosoHandle>(null);
  const log = useRef<HTMLDivElement>(null);
  useRovingMessages(log);
  // Unknown until the list has placed itself (null): opened at the first unread message, it is not at the bottom.
  const [atBottom, setAtBottom] = useState<boolean | null>(null);
  const jumping = useRef(false);
  const { messages, hasMore, hasNewer } = history;
  const layout = useMemo(() => layoutMessages(messages, { readMarker, countsAsUnread, now: new Date() }), [messages, readMarker, countsAsUnread]);
  const firstItemIndex = useFirstItemIndex(messages);
  // Where it opens, decided once: it mounts only with its first messages loaded.
  const [initialLocation] = useState(() => {
    const focused = focusMessageId ? messages.findIndex((message) => message.id === focusMessageId) : -1;
    if (focused >= 0) return { index: focused, align: 'center' as const };
    const firstUnread = layout.findIndex((row) => row.firstUnread);
    // The divider near the top, with the end of what was read above it.
    return firstUnread >= 0 ? { index: firstUnread, align: 'start' as const, offset: -unreadInset } : { index: Math.max(0, messages.length - 1), align: 'end' as const };
  });

  const scroller = useRef<HTMLElement | null>(null);
  const stickToBottom = useRef(initialLocation.align === 'end');

  // Held where it opened (the first unread message near the top, a search result in the middle) until the reader moves.
  // Virtuoso scrolls there by estimated heights of the rows it has not drawn yet, and corrects itself only for size
  // changes it sees within 150 ms of its scroll: on a busy machine the rows drawn later measured other than estimated
  // and the log stayed a few messages off, the divider out of view. So the row itself is put in place, by where it is
  // drawn, whenever the rows or the scroll position change, until the reader scrolls, presses a key or jumps away.
  const anchor = useRef<{ messageId: string; align: 'start' | 'center' } | null>(initialLocation.align === 'end' ? null : { messageId: messages[initialLocation.index]!.id, align: initialLocation.align });
  // What is drawn now, for a correction made a frame after a change.
  const placed = useRef({ messages, firstItemIndex });
  useEffect(() => {
    placed.current = { messages, firstItemIndex };
  });
  const holdPlace = () => {
    const element = scroller.current;
    const held = anchor.current;
    if (!element || !held || stickToBottom.current) return;
    const index = placed.current.messages.findIndex((message) => message.id === held.messageId);
    if (index < 0) {
      anchor.current = null;
      return;
    }
    // Not drawn yet: Virtuoso is still on its way there, and the next change of the rows comes back here.
    const row = element.querySelector<HTMLElement>(`[data-item-index="${placed.current.firstItemIndex + index}"]`);
    if (!row) return;
    const box = row.getBoundingClientRect();
    const top = box.top - element.getBoundingClientRect().top;
    const wanted = held.align === 'start' ? unreadInset : (element.clientHeight - box.height) / 2;
    if (Math.abs(top - wanted) >= 1) element.scrollTop += top - wanted;
  };
  const holding = useRef(0);
  const holdPlaceSoon = () => {
    if (!anchor.current || holding.current) return;
    // After Virtuoso has drawn what the change brought.
    holding.current = requestAnimationFrame(() => {
      holding.current = 0;
      holdPlace();
    });
  };
  useEffect(() => () => cancelAnimationFrame(holding.current), []);

  // Kept at the bottom while the reader is there: when the log gets shorter (the composer grows, a
  // line of who is typing, a notice) and when what it holds grows (an image loads, a reaction), the
  // newest message stays wholly in view. Only the reader's own scrolling lets go of the bottom.
  const toBottom = () => {
    const element = scroller.current;
    if (element && stickToBottom.current && !hasNewer) element.scrollTop = element.scrollHeight;
  };
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < bottomThreshold;
      holdPlaceSoon();
    };
    // What the reader does to move the log lets go of where it opened.
    const moved = () => {
      anchor.current = null;
    };
    const resized = new ResizeObserver(() => {
      toBottom();
      holdPlaceSoon();
    });
    element.addEventListener('scroll', onScroll, { passive: true });
    for (const intent of readerMoves) element.addEventListener(intent, moved, { passive: true });
    resized.observe(element);
    // What it holds, too: an image that loads late, or a reaction, grows the list without a scroll
    // event or a change of the scroller's own size (Virtuoso: scroller > viewport > item list).
    const viewport = element.firstElementChild;
    if (viewport) resized.observe(viewport);
    if (viewport?.firstElementChild) resized.observe(viewport.firstElementChild);
    return () => {
      element.removeEventListener('scroll', onScroll);
      for (const intent of readerMoves) element.removeEventListener(intent, moved);
      resized.disconnect();
    };
  });

  const scrollToLatest = () => {
    anchor.current = null;
    jumping.current = true;
    stickToBottom.current = true;
    void onJumpToLatest().then(() => {
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
      jumping.current = false;
    });
  };
  useImperativeHandle(ref, () => ({ scrollToLatest }));

  // After a jump replaced the messages with the newest page, land on its last one.
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    if (jumping.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [lastId]);

  const atLatest = atBottom === true && !hasNewer;
  useEffect(() => {
    onAtLatestChange?.(atLatest);
  }, [atLatest, onAtLatestChange]);
  // Gone (another conversation opened): its newest message is no longer in view.
  useEffect(() => () => onAtLatestChange?.(false), [onAtLatestChange]);

  const context = useMemo<ListContext>(() => ({ hasMore, start, footer }), [hasMore, start, footer]);
  const latestOutOfView = hasNewer || atBottom === false;

  return (
    <div className="messages">
      <div ref={log} role="log" aria-label="Messages" className="messages__log">
        <Virtuoso
          ref={virtuoso}
          className="messages__scroller"
          data={messages}
          context={context}
          firstItemIndex={firstItemIndex}
          initialTopMostItemIndex={initialLocation}
          computeItemKey={(_index, message) => message.id}
          followOutput={(bottom) => (bottom && !hasNewer ? 'auto' : false)}
          atBottomStateChange={setAtBottom}
          atBottomThreshold={bottomThreshold}
          scrollerRef={(element) => {
            scroller.current = element instanceof HTMLElement ? element : null;
            // Virtuoso makes its scroller a Tab stop; the log's one stop is a message (rovingMessages.ts), whose arrow keys scroll it.
            scroller.current?.setAttribute('tabindex', '-1');
          }}
          totalListHeightChanged={() => {
            toBottom();
            holdPlaceSoon();
          }}
          startReached={() => void (hasMore && onLoadOlder())}
          endReached={() => void (hasNewer && onLoadNewer())}
          increaseViewportBy={{ top: 400, bottom: 400 }}
          itemContent={(index, message) => renderMessage(message, layout[index - firstItemIndex] ?? { day: null, firstUnread: false, continued: false })}
          components={components}
        />
      </div>
      {latestOutOfView && (
        <button type="button" className="button jump-to-latest" onClick={scrollToLatest}>
          <ArrowDown size={16} aria-hidden="true" />
          Jump to latest
        </button>
      )}
    </div>
  );
});

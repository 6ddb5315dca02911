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
    return firstUnread >= 0 ? { index: firstUnread, align: 'start' as const, offset: -64 } : { index: Math.max(0, messages.length - 1), align: 'end' as const };
  });

  // Kept at the bottom while the reader is there: when the log gets shorter (the composer grows, a
  // line of who is typing, a notice) and when what it holds grows (an image loads, a reaction), the
  // newest message stays wholly in view. Only the reader's own scrolling lets go of the bottom.
  const scroller = useRef<HTMLElement | null>(null);
  const stickToBottom = useRef(initialLocation.align === 'end');
  const toBottom = () => {
    const element = scroller.current;
    if (element && stickToBottom.current && !hasNewer) element.scrollTop = element.scrollHeight;
  };
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < bottomThreshold;
    };
    const resized = new ResizeObserver(() => toBottom());
    element.addEventListener('scroll', onScroll, { passive: true });
    resized.observe(element);
    // What it holds, too: an image that loads late, or a reaction, grows the list without a scroll
    // event or a change of the scroller's own size (Virtuoso: scroller > viewport > item list).
    const viewport = element.firstElementChild;
    if (viewport) resized.observe(viewport);
    if (viewport?.firstElementChild) resized.observe(viewport.firstElementChild);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  });

  const scrollToLatest = () => {
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
          totalListHeightChanged={toBottom}
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

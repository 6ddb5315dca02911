/**
 * The message log, virtualized (react-virtuoso): a channel of 50,000 messages keeps only the
 * rows in view in the DOM. Scrolling to the top loads older pages; new messages follow the
 * bottom when the reader is there.
 */
import { useMemo, type ReactNode } from 'react';
import { Virtuoso } from 'react-virtuoso';
import type { MessageView } from '../../../src-shared/protocol/model';

/** Index the first message has; lowered as older pages are prepended (Virtuoso's contract). */
const firstIndexBase = 1_000_000_000;

export function MessageList({
  conversationId,
  messages,
  hasMore,
  onLoadOlder,
  renderMessage,
  footer,
}: {
  conversationId: string;
  messages: MessageView[];
  hasMore: boolean;
  onLoadOlder: () => void;
  renderMessage: (message: MessageView) => ReactNode;
  footer?: ReactNode;
}) {
  // A stable Footer component: Virtuoso remounts whatever component identity it is given.
  const components = useMemo(() => ({ Footer: () => <>{footer}</> }), [footer]);
  return (
    <div role="log" aria-label="Messages" className="messages">
      <Virtuoso
        key={conversationId}
        className="messages__scroller"
        data={messages}
        firstItemIndex={firstIndexBase - messages.length}
        initialTopMostItemIndex={Math.max(0, messages.length - 1)}
        computeItemKey={(_index, message) => message.id}
        followOutput={(atBottom) => (atBottom ? 'auto' : false)}
        alignToBottom
        startReached={() => hasMore && onLoadOlder()}
        itemContent={(_index, message) => renderMessage(message)}
        components={components}
      />
    </div>
  );
}

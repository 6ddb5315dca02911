/**
 * Error boundaries (STYLE "State in the renderer", SPEC 8: nothing one person sends can break
 * another person's screen). Each message sits in a `MessageBoundary` and each pane in a
 * `PaneBoundary`: what throws while rendering is replaced by a line saying so, logged, and the
 * rest of the app goes on. Built on react-error-boundary (React has no hook for this).
 *
 *   <PaneBoundary name="The conversation"><ConversationView /></PaneBoundary>
 *   <MessageBoundary resetKeys={[message]}><MessageRowContent … /></MessageBoundary>
 */
import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';

/** What a failed render leaves in the log: the place and the error, never the content that caused it. */
function logFailure(place: string) {
  return (error: unknown) => console.error(`[meridian] ${place} could not be shown:`, error);
}

/** The text a message shows in its place when it cannot be shown at all. */
export const messageFailureText = 'This message could not be shown';

/** One message: should it fail to render, its place says so and every other message stays. */
export function MessageBoundary({ children, resetKeys }: { children: ReactNode; resetKeys?: unknown[] }) {
  return (
    <ErrorBoundary fallback={<MessageFailure />} onError={logFailure('A message')} resetKeys={resetKeys}>
      {children}
    </ErrorBoundary>
  );
}

function MessageFailure() {
  return (
    <article className="message message--failed" aria-label={messageFailureText}>
      <div className="message__gutter" />
      <div className="message__body">
        <p className="message__text muted">{messageFailureText}.</p>
      </div>
    </article>
  );
}

/**
 * One pane (a section, the conversation, the list, a thread): should it fail, it says so with a
 * button to try again, and the other panes, the tabs and the dock stay.
 */
export function PaneBoundary({ name, children, resetKeys }: { name: string; children: ReactNode; resetKeys?: unknown[] }) {
  return (
    <ErrorBoundary FallbackComponent={(props: FallbackProps) => <PaneFailure name={name} {...props} />} onError={logFailure(name)} resetKeys={resetKeys}>
      {children}
    </ErrorBoundary>
  );
}

function PaneFailure({ name, resetErrorBoundary }: { name: string } & FallbackProps) {
  return (
    <div role="alert" className="empty-state pane-failure">
      <p className="empty-state__title">{name} could not be shown.</p>
      <p className="muted">Something in it went wrong; the rest of Meridian still works.</p>
      <button type="button" className="button" onClick={resetErrorBoundary}>
        Try again
      </button>
    </div>
  );
}

import { Fragment } from 'react';
import { getApi } from '../../bridge/api';

const linkPattern = /\b(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/**
 * Message text, always as text (React escapes it); web links become links that open only
 * through the app's allowlist (Electron's main process, or a new tab in the browser build).
 */
export function MessageText({ text }: { text: string }) {
  const parts = text.split(linkPattern);
  return (
    <p className="message__text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a
            key={index}
            href={part}
            rel="noreferrer noopener"
            onClick={(event) => {
              event.preventDefault();
              void getApi().openExternal(part);
            }}
          >
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

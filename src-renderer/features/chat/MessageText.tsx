import { Fragment, type ReactNode } from 'react';
import { findDialableNumbers } from '../../../src-shared/domain/dialString';
import { honestLink } from '../../../src-shared/domain/externalUrl';
import { getApi } from '../../bridge/api';
import { CallNumberButton } from '../calling/CallNumberButton';

const linkPattern = /\b(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/** Plain text with its dialable phone numbers offered as calls. */
function withNumbers(text: string, keyPrefix: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const number of findDialableNumbers(text)) {
    parts.push(<Fragment key={`${keyPrefix}-${at}`}>{text.slice(at, number.start)}</Fragment>);
    parts.push(
      <CallNumberButton key={`${keyPrefix}-n${number.start}`} e164={number.e164}>
        {text.slice(number.start, number.end)}
      </CallNumberButton>,
    );
    at = number.end;
  }
  parts.push(<Fragment key={`${keyPrefix}-end`}>{text.slice(at)}</Fragment>);
  return parts;
}

/**
 * Message text, always as text (React escapes it). Web links become links that open only
 * through the app's allowlist (Electron's main process, or a new tab in the browser build);
 * valid 10-digit numbers are offered as calls.
 */
export function MessageText({ text, edited = false }: { text: string; edited?: boolean }) {
  const parts = text.split(linkPattern);
  return (
    <p className="message__text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // Shown and opened as honestLink has it: `https://bank.example@evil.example` reads as evil.example.
          <a
            key={index}
            href={honestLink(part)}
            rel="noreferrer noopener"
            onClick={(event) => {
              event.preventDefault();
              void getApi().openExternal(honestLink(part));
            }}
          >
            {honestLink(part)}
          </a>
        ) : (
          <Fragment key={index}>{withNumbers(part, String(index))}</Fragment>
        ),
      )}
      {edited && <span className="message__edited"> (edited)</span>}
    </p>
  );
}

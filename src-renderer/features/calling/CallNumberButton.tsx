import { formatPhone } from '../../../src-shared/domain/phone';
import type { ReactNode } from 'react';
import { useAppStore } from '../../store/appStore';

/**
 * A phone number offered as a call, e.g. inside a chat message, looking as a link does there (pair it with
 * `findDialableNumbers` of src-shared/domain/dialString.ts, which finds the dialable ones).
 */
export function CallNumberButton({ e164, children }: { e164: string; children?: ReactNode }) {
  const dial = useAppStore((state) => state.dial);
  return (
    <button type="button" className="link-button link-button--underlined" title={`Call ${formatPhone(e164)}`} aria-label={`Call ${formatPhone(e164)}`} onClick={() => void dial(e164)}>
      {children ?? formatPhone(e164)}
    </button>
  );
}

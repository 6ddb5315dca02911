/**
 * `Confirm` (SPEC 6 "message actions"): asks before an action that cannot be undone. A dialog
 * named `Confirm` (SPEC 6 says dialog, so not an alertdialog) whose focus starts on Cancel;
 * Escape cancels; focus returns where it was.
 */
import { useId, useRef, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  /** The question, e.g. "Delete this message?". */
  question: string;
  /** What follows from it, when there is more to say. */
  detail?: ReactNode;
  /** The action's name, which is also its button's (`Delete`, `Leave`). */
  actionLabel: string;
  onConfirm: () => void;
  /** Called whenever it closes: after the action, on Cancel, or on Escape. */
  onClose: () => void;
  /** Where focus goes after the action, when the control that opened it goes away with it. */
  focusAfterAction?: () => HTMLElement | null;
}

export function ConfirmDialog({ question, detail, actionLabel, onConfirm, onClose, focusAfterAction }: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  const acted = useRef(false);
  const questionId = useId();
  return (
    <Dialog
      title="Confirm"
      onClose={onClose}
      initialFocus={cancel}
      className="dialog--confirm"
      hiddenTitle
      describedBy={questionId}
      returnFocusTo={() => (acted.current ? (focusAfterAction?.() ?? null) : null)}
    >
      <div id={questionId} className="confirm__text">
        <p className="confirm__question">{question}</p>
        {detail && <p className="muted">{detail}</p>}
      </div>
      <div className="dialog__actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            acted.current = true;
            onConfirm();
            onClose();
          }}
        >
          {actionLabel}
        </button>
      </div>
    </Dialog>
  );
}

import { useEffect, useId, type ReactNode } from 'react';

/** A modal dialog named by its title; Escape or the backdrop closes it. */
export function Dialog({ title, onClose, children, className = '' }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className={`dialog ${className}`}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** Cancel and the dialog's main action (a submit button unless `onConfirm` is given). */
export function DialogActions({ onCancel, confirmLabel, onConfirm, disabled = false }: { onCancel: () => void; confirmLabel: string; onConfirm?: () => void; disabled?: boolean }) {
  return (
    <div className="dialog__actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type={onConfirm ? 'button' : 'submit'} className="button button--primary" disabled={disabled} onClick={onConfirm}>
        {confirmLabel}
      </button>
    </div>
  );
}

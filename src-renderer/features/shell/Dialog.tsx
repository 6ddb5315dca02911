/**
 * Modal dialogs on Radix UI's Dialog: focus moves in and stays in (Tab cycles inside), Escape
 * and a click outside close, the page behind is hidden from assistive technology, and focus
 * returns to where it was when the dialog opened.
 */
import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode, type RefObject } from 'react';
import { useAppStore } from '../../store/appStore';
import { composerElement } from '../chat/composerElement';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';

/**
 * Focus goes back where it was when the dialog opened (Radix alone returns it only to a Radix
 * trigger), or where `elsewhere` says. A dialog that led somewhere (`Start chat`, `Create`, a
 * card's `Chat`) leaves focus to that conversation's `Message` box (SPEC 9): it takes it as soon as
 * it is on screen.
 */
function useReturnFocus(elsewhere?: () => HTMLElement | null): (event: Event) => void {
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  const [requestsAtOpen] = useState(() => useAppStore.getState().composerFocusRequests);
  return (event) => {
    event.preventDefault();
    if (useAppStore.getState().composerFocusRequests !== requestsAtOpen) {
      composerElement()?.focus();
      return;
    }
    const target = elsewhere?.() ?? opener;
    if (target?.isConnected) target.focus();
  };
}

export interface DialogProps {
  /** The dialog's name, shown as its heading. */
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** What gets focus when it opens; by default the first thing that can. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** False for dialogs Escape or a click outside must not answer (an incoming call). */
  dismissible?: boolean;
  /** The content places the title itself, with `DialogTitle` (a contact card puts the name beside the avatar). */
  titleInContent?: boolean;
  /** The title names the dialog for assistive technology only (`Confirm`, whose question says the rest). */
  hiddenTitle?: boolean;
  /** The element whose text describes the dialog. */
  describedBy?: string;
  /** Where focus goes when it closes, when not back where it was (that may be going away). */
  returnFocusTo?: () => HTMLElement | null;
}

/** The dialog's heading, for content that places it itself (`titleInContent`). */
export const DialogTitle = RadixDialog.Title;

/** A modal dialog named by its title (SPEC 6 names dialogs by role and name). */
export function Dialog({ title, onClose, children, className = '', initialFocus, dismissible = true, titleInContent = false, hiddenTitle = false, describedBy, returnFocusTo }: DialogProps) {
  const returnFocus = useReturnFocus(returnFocusTo);
  // On a phone a dialog is a full-screen sheet, and Back closes it as Escape does (not one that must be answered).
  useBackLayer(dismissible, layerLevel.dialog, onClose);
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-backdrop" />
        <RadixDialog.Content
          className={`dialog ${className}`}
          aria-describedby={describedBy}
          onOpenAutoFocus={(event) => {
            if (!initialFocus?.current) return;
            event.preventDefault();
            initialFocus.current.focus();
          }}
          onCloseAutoFocus={returnFocus}
          onEscapeKeyDown={(event) => !dismissible && event.preventDefault()}
          onPointerDownOutside={(event) => !dismissible && event.preventDefault()}
          onInteractOutside={(event) => !dismissible && event.preventDefault()}
        >
          {!titleInContent && <RadixDialog.Title className={hiddenTitle ? 'visually-hidden' : 'dialog__title'}>{title}</RadixDialog.Title>}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
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

import type { ReactNode, Ref } from 'react';

/**
 * A header button: icon and label. The label folds away (still naming the button) when the
 * conversation is narrow, secondary buttons' first (see chat.css), so nothing wraps.
 */
export function ToolbarButton({
  icon,
  label,
  onClick,
  expanded,
  controls,
  secondary = false,
  ref,
}: {
  icon: ReactNode;
  label: string;
  onClick: () => void;
  expanded?: boolean;
  controls?: string;
  secondary?: boolean;
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <button ref={ref} type="button" className={`button toolbar-button${secondary ? ' toolbar-button--secondary' : ''}`} title={label} aria-expanded={expanded} aria-controls={controls} onClick={onClick}>
      {icon}
      <span className="toolbar-button__label">{label}</span>
    </button>
  );
}

import { useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Keyboard for a searchbox that drives a listbox (the WAI-ARIA combobox pattern with
 * `aria-activedescendant`): focus stays in the box, ArrowUp/ArrowDown move the active option,
 * Home/End jump, Enter chooses it. Shared by the unified search and the people pickers.
 *
 * With `onEnter`, no option is active until an arrow key moves to one, and Enter without one
 * calls `onEnter` (the unified search: Enter searches messages, SPEC 6).
 */
export function useActiveOption<T>(options: readonly T[], choose: (option: T) => void, onOpen?: () => void, onEnter?: () => void) {
  const none = onEnter ? -1 : 0;
  const [active, setActive] = useState(none);
  const current = active < 0 ? -1 : Math.min(active, Math.max(options.length - 1, 0));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = options.length - 1;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onOpen?.();
      setActive(Math.min(current + 1, last));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(Math.max(current - 1, none));
    } else if ((event.key === 'Home' || event.key === 'End') && event.ctrlKey) {
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : last);
    } else if (event.key === 'Enter') {
      const option = current < 0 ? undefined : options[current];
      if (option === undefined && onEnter) {
        event.preventDefault();
        onEnter();
        return;
      }
      if (option === undefined) return;
      event.preventDefault();
      choose(option);
    }
  };
  /** Back to no option (or the first), as when the query changes. */
  const reset = () => setActive(none);
  return { active: current, setActive, reset, onKeyDown };
}

/** One option of such a listbox; a click chooses it without taking focus from the box. */
export function OptionItem({ id, active, onHover, onChoose, children }: { id: string; active: boolean; onHover: () => void; onChoose: () => void; children: ReactNode }) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className={`option${active ? ' option--active' : ''}`}
      // Keeps focus in the box, so the list stays open until the choice is made.
      onMouseDown={(event) => event.preventDefault()}
      onMouseEnter={onHover}
      onClick={onChoose}
    >
      {children}
    </li>
  );
}

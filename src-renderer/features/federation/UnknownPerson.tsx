/**
 * How a person the viewer does not see shows (SPEC 1 rule 7): exactly `UNKNOWN USER`, told apart
 * from the other unknown people of the same conversation by an avatar picked from the number the
 * server gave them there (never from anything of theirs), and explained on hover and on focus.
 */
import { useId, useState, type SyntheticEvent } from 'react';
import type { UnknownPerson } from '../../../src-shared/protocol/model';
import './federation.css';

/** What `UNKNOWN USER` means, wherever it shows. */
export const UNKNOWN_USER_EXPLANATION = 'Someone from an account that is not federated with yours';

/** Eight colours (white text passes WCAG AA on each) times three patterns; the number itself shows too. */
const colourCount = 8;
const patternCount = 3;

/** The look of the n-th unknown person of a conversation: distinct for every number. */
export function unknownAvatarLook(number: number): { colour: number; pattern: number } {
  const index = Math.max(0, number - 1);
  return { colour: index % colourCount, pattern: Math.floor(index / colourCount) % patternCount };
}

export function UnknownAvatar({ person, size = 'medium' }: { person: UnknownPerson; size?: 'small' | 'medium' | 'large' }) {
  const { colour, pattern } = unknownAvatarLook(person.number);
  // The number is drawn by CSS (attr()), so it never becomes part of the name people and tests read.
  return <span className={`avatar avatar--${size} unknown-avatar unknown-avatar--colour-${colour} unknown-avatar--pattern-${pattern}`} data-number={person.number} aria-hidden="true" />;
}

/** How wide the explanation may be: it stays inside the window. */
const explanationWidth = 260;

/**
 * `UNKNOWN USER`, focusable, described by what it means (always, for assistive technology) and
 * showing it on hover or focus until Escape, the pointer leaving or the focus moving on. Placed
 * in the window (fixed), so a narrow, scrolling panel such as Members does not cut it off.
 */
export function UnknownName({ person }: { person: UnknownPerson }) {
  const explanationId = useId();
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  const show = (event: SyntheticEvent<HTMLElement>) => {
    const anchor = event.currentTarget.getBoundingClientRect();
    setPlace({ left: Math.max(4, Math.min(anchor.left, window.innerWidth - explanationWidth - 8)), top: anchor.bottom + 4 });
  };
  const hide = () => setPlace(null);
  return (
    <span className="unknown-person">
      <span
        className="unknown-user"
        tabIndex={0}
        aria-describedby={explanationId}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
        onKeyDown={(event) => {
          // Escape hides the explanation first; a dialog around it closes on the next one.
          if (event.key !== 'Escape' || !place) return;
          event.stopPropagation();
          hide();
        }}
      >
        {person.displayName}
      </span>
      <span role="tooltip" id={explanationId} className="unknown-person__explanation" hidden={!place} style={place ? { ...place, maxWidth: explanationWidth } : undefined}>
        {UNKNOWN_USER_EXPLANATION}
      </span>
    </span>
  );
}

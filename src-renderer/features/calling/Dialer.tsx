/**
 * The dialer (SPEC 6): a form `Dialer` with the textbox `Phone number` formatted as you type, a
 * keypad, people suggested by the unified search (listbox `Suggestions`: the arrow keys move
 * through it, focus staying in the box), `Call` (or Enter), refusals in an alert. A typed name
 * calls the one person it matches on Enter (SPEC 9), or the suggestion the arrows chose.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DIAL_HINT } from '../../../src-shared/domain/dialString';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { FoundPerson } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { FederatedBadge } from '../people/PersonBadges';
import { OptionItem, useActiveOption } from '../search/useActiveOption';
import { formatAsYouType } from './phoneInput';

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The number a suggestion calls: the one the typed digits matched (work or mobile), else the work phone. */
function suggestedNumber(person: FoundPerson): string | null {
  if (person.matchedNumber && person.matchedNumber.kind !== 'extension') return person.matchedNumber.display;
  return person.phone ? formatPhone(person.phone) : null;
}

export function Dialer() {
  const dial = useAppStore((state) => state.dial);
  const callError = useAppStore((state) => state.callError);
  const clearCallError = useAppStore((state) => state.clearCallError);
  const [value, setValue] = useState('');
  const [suggestions, setSuggestions] = useState<FoundPerson[]>([]);
  /** The query the suggestions answer. */
  const [suggestedFor, setSuggestedFor] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const typedName = /\p{L}/u.test(value);

  // Suggestions come from the same unified search as everywhere, by name or by phone digits.
  useEffect(() => {
    const query = /^[\d\s().+-]+$/.test(value) ? value.replace(/\D/g, '') : value.trim();
    if (query.length < 2) return;
    let current = true;
    const timer = setTimeout(() => {
      void getApi()
        .searchDirectory({ query, limit: 5 })
        .then((result) => {
          if (!current || !result.ok) return;
          setSuggestions(result.data.people.filter((person) => suggestedNumber(person) !== null));
          setSuggestedFor(query);
        });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value]);

  const callPerson = async (person: FoundPerson) => {
    const number = suggestedNumber(person);
    if (number && (await dial(number))) {
      setValue('');
      setSuggestions([]);
    }
  };

  const { active, setActive, reset, onKeyDown } = useActiveOption(suggestions, (person) => void callPerson(person), undefined, () => undefined);
  const suggestionsShown = suggestions.length > 0 && value.trim() !== '';

  const change = (next: string) => {
    if (callError) clearCallError();
    setNameProblem(null);
    reset();
    if (next.replace(/\D/g, '').length < 2 && !/\p{L}{2}/u.test(next)) setSuggestions([]);
    setValue((previous) => formatAsYouType(next, previous));
  };

  /** Enter on a name: the one person it matches is called; more or none, the person is told. */
  const callName = async (name: string) => {
    if (name.length < 2) return setNameProblem(`Type more of the name. ${DIAL_HINT}`);
    const found = suggestedFor === name ? { ok: true as const, people: suggestions } : await getApi().searchDirectory({ query: name, limit: 5 }).then((result) => (result.ok ? { ok: true as const, people: result.data.people.filter((person) => suggestedNumber(person) !== null) } : { ok: false as const, message: result.error.message }));
    if (!found.ok) return setNameProblem(found.message);
    if (found.people.length === 1) return void callPerson(found.people[0]!);
    setNameProblem(
      found.people.length === 0
        ? `Nobody in your directory matches “${name}”. ${DIAL_HINT}`
        : `${found.people.length} people match “${name}”: choose one with the arrow keys, then press Enter.`,
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = active >= 0 ? suggestions[active] : undefined;
    if (chosen) return void callPerson(chosen);
    // A name is not a number (SPEC 9: the dialer calls the one person a typed name matches).
    if (typedName) return void callName(value.trim());
    if (await dial(value)) {
      setValue('');
      setSuggestions([]);
    }
  };

  return (
    <form aria-label="Dialer" className="dialer" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>Phone number</span>
        <input
          ref={inputRef}
          type="tel"
          className="dialer__number"
          value={value}
          onChange={(event) => change(event.target.value)}
          placeholder="(415) 555-0101"
          autoComplete="off"
          inputMode="tel"
          aria-describedby="dialer-hint"
          aria-controls={suggestionsShown ? listId : undefined}
          aria-activedescendant={suggestionsShown && active >= 0 ? `${listId}-${active}` : undefined}
          onKeyDown={(event) => {
            // The arrows move through the suggestions; Enter (without one chosen) submits the form.
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp' || (active >= 0 && event.key === 'Enter')) onKeyDown(event);
          }}
        />
      </label>
      <p id="dialer-hint" className="muted dialer__hint">
        A 10-digit number, a name, or the extension of someone in your account.
      </p>
      {(callError || nameProblem) && (
        <p role="alert" className="dialer__error">
          {nameProblem ?? callError}
        </p>
      )}
      {suggestionsShown && (
        <ul id={listId} role="listbox" aria-label="Suggestions" className="dialer__suggestions">
          {suggestions.map((person, index) => (
            <OptionItem key={person.id} id={`${listId}-${index}`} active={index === active} onHover={() => setActive(index)} onChoose={() => void callPerson(person)}>
              <span className="dialer__suggestion">
                <span className="dialer__suggestion-name">
                  <span className="visually-hidden">Call </span>
                  {person.displayName} {person.federated && <FederatedBadge accountName={person.accountName} />}
                </span>
                <span className="muted">{suggestedNumber(person)}</span>
              </span>
            </OptionItem>
          ))}
        </ul>
      )}
      <div role="group" aria-label="Keypad" className="keypad">
        {keys.map((key) => (
          <button
            key={key}
            type="button"
            className="keypad__key"
            onClick={() => {
              change(value + key);
              inputRef.current?.focus();
            }}
          >
            {key}
          </button>
        ))}
      </div>
      <button type="submit" className="button button--primary dialer__call">
        Call
      </button>
    </form>
  );
}

/**
 * The dialer (SPEC 6): a form `Dialer` with the textbox `Phone number` formatted as you type, a
 * keypad, people suggested by the unified search, `Call` (or Enter), refusals in an alert.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { FoundPerson } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { FederatedBadge } from '../people/PersonBadges';
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
  const inputRef = useRef<HTMLInputElement>(null);

  // Suggestions come from the same unified search as everywhere, by name or by phone digits.
  useEffect(() => {
    const query = /^[\d\s().+-]+$/.test(value) ? value.replace(/\D/g, '') : value.trim();
    if (query.length < 2) return;
    let current = true;
    const timer = setTimeout(() => {
      void getApi()
        .searchDirectory({ query, limit: 5 })
        .then((result) => {
          if (current && result.ok) setSuggestions(result.data.people.filter((person) => suggestedNumber(person) !== null));
        });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value]);

  const change = (next: string) => {
    if (callError) clearCallError();
    if (next.replace(/\D/g, '').length < 2 && !/\p{L}{2}/u.test(next)) setSuggestions([]);
    setValue((previous) => formatAsYouType(next, previous));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await dial(value)) {
      setValue('');
      setSuggestions([]);
    }
  };

  const callPerson = async (person: FoundPerson) => {
    const number = suggestedNumber(person);
    if (number && (await dial(number))) {
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
        />
      </label>
      <p id="dialer-hint" className="muted dialer__hint">
        A 10-digit number, a name, or the extension of someone in your account.
      </p>
      {callError && (
        <p role="alert" className="dialer__error">
          {callError}
        </p>
      )}
      {suggestions.length > 0 && value.trim() !== '' && (
        <ul aria-label="Suggestions" className="dialer__suggestions">
          {suggestions.map((person) => (
            <li key={person.id}>
              <button type="button" className="dialer__suggestion" onClick={() => void callPerson(person)}>
                <span className="dialer__suggestion-name">
                  <span className="visually-hidden">Call </span>
                  {person.displayName} {person.federated && <FederatedBadge accountName={person.accountName} />}
                </span>
                <span className="muted">{suggestedNumber(person)}</span>
              </button>
            </li>
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

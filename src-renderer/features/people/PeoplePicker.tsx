/**
 * The unified search as a people picker (New chat, New channel, Invite): its own `Search`
 * searchbox and a listbox `People`; choosing one (click or Enter) calls `onPick` and clears the
 * box for the next. `PeopleSelection` lists who was picked, each removable.
 */
import { useEffect, useId, useState } from 'react';
import type { FoundPerson, PersonSummary } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { PersonOption } from '../search/SearchBox';
import { OptionItem, useActiveOption } from '../search/useActiveOption';
import { FederatedBadge } from './PersonBadges';

type Found = { query: string; people: FoundPerson[] } | { query: string; error: string };

export function PeoplePicker({
  onPick,
  exclude = [],
  autoFocus = true,
  label = 'Search',
  placeholder = 'Search people by name, email or number',
}: {
  onPick: (person: PersonSummary) => void;
  exclude?: string[];
  autoFocus?: boolean;
  /** The searchbox's name, where `Search` is taken (a filter beside the unified search). */
  label?: string;
  placeholder?: string;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const listId = useId();

  useEffect(() => {
    if (query.trim() === '') return;
    let current = true;
    void getApi()
      .searchDirectory({ query })
      .then((result) => {
        if (current) setFound(result.ok ? { query, people: result.data.people } : { query, error: result.error.message });
      });
    return () => {
      current = false;
    };
  }, [query]);

  const answered = found !== null && found.query === query;
  const shown = answered && 'people' in found ? found.people.filter((person) => !exclude.includes(person.id)) : [];
  const pick = (person: PersonSummary) => {
    onPick(person);
    setQuery('');
  };
  const { active, setActive, onKeyDown } = useActiveOption(shown, pick);
  const showList = query.trim() !== '';
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="picker">
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={query}
        autoFocus={autoFocus}
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={showList && shown[active] ? optionId(active) : undefined}
        autoComplete="off"
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="People" className="picker__results" aria-busy={!answered}>
          {shown.map((person, index) => (
            <OptionItem key={person.id} id={optionId(index)} active={index === active} onHover={() => setActive(index)} onChoose={() => pick(person)}>
              <PersonOption person={person} />
            </OptionItem>
          ))}
          {!answered && (
            <li className="search__empty" role="presentation">
              Searching…
            </li>
          )}
          {answered && 'error' in found && (
            <li className="search__empty form-error" role="presentation">
              {found.error}
            </li>
          )}
          {answered && 'people' in found && shown.length === 0 && (
            <li className="search__empty" role="presentation">
              No one matches “{query}”.
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** Who has been picked (`Selected people`), each with a button to take them off again. */
export function PeopleSelection({ people, onRemove }: { people: PersonSummary[]; onRemove: (person: PersonSummary) => void }) {
  if (people.length === 0) return null;
  return (
    <ul aria-label="Selected people" className="chips">
      {people.map((person) => (
        <li key={person.id} className="chip">
          <span className="chip__name">{person.displayName}</span>
          {person.federated && <FederatedBadge accountName={person.accountName} />}
          <button type="button" className="icon-button chip__remove" aria-label={`Remove ${person.displayName}`} onClick={() => onRemove(person)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

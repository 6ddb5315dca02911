/**
 * The unified search as a people picker (New chat, New channel, Invite): its own `Search`
 * searchbox and a listbox of people; choosing one calls `onPick`.
 */
import { useEffect, useId, useState } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { Avatar, FederatedBadge } from './PersonBadges';

export function PeoplePicker({ onPick, exclude = [], autoFocus = true }: { onPick: (person: PersonSummary) => void; exclude?: string[]; autoFocus?: boolean }) {
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    let current = true;
    if (query.trim() === '') return;
    void getApi()
      .searchDirectory({ query })
      .then((result) => {
        if (current && result.ok) setPeople(result.data.people);
      });
    return () => {
      current = false;
    };
  }, [query]);

  const shown = people.filter((person) => !exclude.includes(person.id));
  const pick = (person: PersonSummary | undefined) => {
    if (!person) return;
    onPick(person);
    setQuery('');
  };

  return (
    <div className="picker">
      <input
        type="search"
        aria-label="Search"
        placeholder="Search people by name, email or number"
        value={query}
        autoFocus={autoFocus}
        aria-controls={listId}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, shown.length - 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
          else if (event.key === 'Enter') {
            event.preventDefault();
            pick(shown[active]);
          }
        }}
      />
      {query.trim() !== '' && (
        <ul id={listId} role="listbox" aria-label="People" className="picker__results">
          {shown.map((person, index) => (
            <li key={person.id} role="option" aria-selected={index === active} className={`search__option${index === active ? ' search__option--active' : ''}`} onClick={() => pick(person)}>
              <Avatar name={person.displayName} colorKey={person.id} />
              <span className="search__text">
                <span className="search__name">{person.displayName}</span>
                <span className="search__detail">{[person.title, person.accountName].filter(Boolean).join(' · ')}</span>
              </span>
              {person.federated && <FederatedBadge accountName={person.accountName} />}
            </li>
          ))}
          {shown.length === 0 && <li className="search__empty">No one matches “{query}”.</li>}
        </ul>
      )}
    </div>
  );
}

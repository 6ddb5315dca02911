/**
 * The unified search: one searchbox, one listbox of people and channels, keyboard navigable
 * (arrows, Enter, Escape), focused from anywhere with Ctrl/Cmd+K.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelSummary, PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { Avatar, FederatedBadge, PresenceDot, presenceLabel } from '../people/PersonBadges';

type Choice = { kind: 'person'; person: PersonSummary } | { kind: 'channel'; channel: ChannelSummary };

export function SearchBox({ onChooseChannel }: { onChooseChannel?: (channel: ChannelSummary) => void }) {
  const { query, results, error, search, showCard } = useAppStore(
    useShallow((state) => ({
      query: state.searchQuery,
      results: state.searchResults,
      error: state.searchError,
      search: state.search,
      showCard: state.showCard,
    })),
  );
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    const focusSearch = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', focusSearch);
    return () => window.removeEventListener('keydown', focusSearch);
  }, []);

  const choices: Choice[] = [
    ...(results?.people ?? []).map((person): Choice => ({ kind: 'person', person })),
    ...(results?.channels ?? []).map((channel): Choice => ({ kind: 'channel', channel })),
  ];
  const showList = open && query.trim() !== '' && results !== null;

  const choose = (choice: Choice) => {
    setOpen(false);
    if (choice.kind === 'person') void showCard(choice.person.id);
    else onChooseChannel?.(choice.channel);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, choices.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      const choice = choices[active];
      if (showList && choice) {
        event.preventDefault();
        choose(choice);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="search">
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label="Search"
        placeholder="Search people and channels (Ctrl+K)"
        value={query}
        aria-controls={listId}
        aria-activedescendant={showList && choices[active] ? optionId(active) : undefined}
        onChange={(event) => {
          setOpen(true);
          setActive(0);
          void search(event.target.value);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Search results" className="search__results">
          {choices.length === 0 && (
            <li className="search__empty" role="presentation">
              No people or channels match “{query}”.
            </li>
          )}
          {choices.map((choice, index) => (
            <li
              key={choice.kind === 'person' ? `p-${choice.person.id}` : `c-${choice.channel.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={`search__option${index === active ? ' search__option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(choice)}
            >
              {choice.kind === 'person' ? <PersonOption person={choice.person} /> : <ChannelOption channel={choice.channel} />}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="search__error">
          {error}
        </p>
      )}
    </div>
  );
}

function PersonOption({ person }: { person: PersonSummary }) {
  return (
    <>
      <Avatar name={person.displayName} colorKey={person.id} />
      <span className="search__text">
        <span className="search__name">
          {person.displayName} <PresenceDot presence={person.presence} />
          <span className="visually-hidden">{presenceLabel(person.presence)}</span>
        </span>
        <span className="search__detail">{[person.title, person.accountName].filter(Boolean).join(' · ')}</span>
      </span>
      {person.federated && <FederatedBadge accountName={person.accountName} />}
    </>
  );
}

function ChannelOption({ channel }: { channel: ChannelSummary }) {
  return (
    <>
      <span className="avatar avatar--channel" aria-hidden="true">
        #
      </span>
      <span className="search__text">
        <span className="search__name"># {channel.name}</span>
        <span className="search__detail">
          {channel.visibility === 'public' ? 'Public channel' : 'Private channel'}
          {channel.member ? ' · Joined' : ''}
        </span>
      </span>
    </>
  );
}

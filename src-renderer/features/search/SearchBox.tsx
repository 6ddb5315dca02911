/**
 * The unified search: one searchbox, one listbox of people and channels, keyboard navigable
 * (arrows, Enter, Escape), focused from anywhere with Ctrl/Cmd+K. A search by digits shows the
 * number that matched. Enter without an option chosen by the arrows searches messages (SPEC 6:
 * region `Message results`).
 */
import { Search } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelSummary, FoundPerson } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { usePhoneLayout } from '../panes/layout';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { Avatar, FederatedBadge, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { OptionItem, useActiveOption } from './useActiveOption';

type Choice = { kind: 'person'; person: FoundPerson } | { kind: 'channel'; channel: ChannelSummary };

export function SearchBox({ onChooseChannel }: { onChooseChannel?: (channel: ChannelSummary) => void }) {
  const { query, results, error, search, showCard, searchMessages } = useAppStore(
    useShallow((state) => ({
      query: state.searchQuery,
      results: state.searchResults,
      error: state.searchError,
      search: state.search,
      showCard: state.showCard,
      searchMessages: state.searchMessages,
    })),
  );
  const [open, setOpen] = useState(false);
  const phone = usePhoneLayout();
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

  const current = results !== null && results.query === query;
  const choices: Choice[] = current
    ? [...results.people.map((person): Choice => ({ kind: 'person', person })), ...results.channels.map((channel): Choice => ({ kind: 'channel', channel }))]
    : [];
  const choose = (choice: Choice) => {
    setOpen(false);
    if (choice.kind === 'person') void showCard(choice.person.id);
    else onChooseChannel?.(choice.channel);
  };
  const { active, reset, setActive, onKeyDown } = useActiveOption(
    choices,
    choose,
    () => setOpen(true),
    () => {
      if (query.trim() === '') return;
      setOpen(false);
      void searchMessages(query);
    },
  );
  const showList = open && query.trim() !== '' && (results !== null || error === null);
  // On a phone the results fill the screen under the box: Back closes them (not on every keystroke's flicker of the list).
  useBackLayer(open && query.trim() !== '', layerLevel.pane, () => setOpen(false));
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="search" role="search">
      <Search className="search__icon" size={16} aria-hidden="true" />
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label="Search"
        placeholder={phone ? 'Search' : 'Search people, channels and messages (Ctrl+K)'}
        value={query}
        // Points at the list only while it is there.
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={showList && active >= 0 && choices[active] ? optionId(active) : undefined}
        onChange={(event) => {
          setOpen(true);
          reset();
          void search(event.target.value);
        }}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && showList) {
            event.preventDefault();
            setOpen(false);
            return;
          }
          onKeyDown(event);
        }}
        autoComplete="off"
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Search results" className="search__results" aria-busy={!current}>
          {!current && (
            <li className="search__empty" role="presentation">
              Searching…
            </li>
          )}
          {current && choices.length === 0 && (
            <li className="search__empty" role="presentation">
              No people or channels match “{query}”.
            </li>
          )}
          {choices.map((choice, index) => (
            <OptionItem
              key={choice.kind === 'person' ? `p-${choice.person.id}` : `c-${choice.channel.id}`}
              id={optionId(index)}
              active={index === active}
              onHover={() => setActive(index)}
              onChoose={() => choose(choice)}
            >
              {choice.kind === 'person' ? <PersonOption person={choice.person} /> : <ChannelOption channel={choice.channel} />}
            </OptionItem>
          ))}
          <li className="search__hint" role="presentation">
            Press Enter to search messages for “{query.trim()}”
          </li>
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

const numberLabels = { phone: 'Work', mobile: 'Mobile', extension: 'Ext.' } as const;

/** A person as a search result: name, presence, title and account; the number a digits search matched. */
export function PersonOption({ person }: { person: FoundPerson }) {
  return (
    <>
      <Avatar name={person.displayName} colorKey={person.id} />
      <span className="option__text">
        <span className="option__name">
          {person.displayName} <PresenceDot presence={person.presence} />
          <span className="visually-hidden">{presenceLabel(person.presence)}</span>
        </span>
        <span className="option__detail">{[person.title, person.accountName].filter(Boolean).join(' · ')}</span>
      </span>
      {person.matchedNumber && (
        <span className="option__number">
          <span className="option__number-kind">{numberLabels[person.matchedNumber.kind]}</span> {person.matchedNumber.display}
        </span>
      )}
      {person.federated && <FederatedBadge accountName={person.accountName} />}
    </>
  );
}

function ChannelOption({ channel }: { channel: ChannelSummary }) {
  return (
    <>
      <span className="avatar avatar--medium avatar--channel" aria-hidden="true">
        #
      </span>
      <span className="option__text">
        <span className="option__name"># {channel.name}</span>
        <span className="option__detail">
          {channel.visibility === 'public' ? 'Public channel' : 'Private channel'}
          {channel.member ? ' · Joined' : ''}
        </span>
      </span>
    </>
  );
}

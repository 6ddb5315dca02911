/**
 * The unified search and quick switcher (SPEC 6, SPEC 9): one searchbox, focused from anywhere
 * with Ctrl/Cmd+K; one listbox of people, channels and group chats that match, and as its last
 * option `Search messages for "…"` (region `Message results`). The first option is chosen until
 * the arrows choose another, so Ctrl+K, a few letters and Enter opens what matches; Enter typed
 * before the answer came waits for it. A search by digits shows the number that matched. Once
 * something is chosen the box empties.
 */
import { Search } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelSummary, ConversationSummary, FoundPerson, SearchResults } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { usePhoneLayout } from '../panes/layout';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { Avatar, FederatedBadge, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { OptionItem, useActiveOption } from './useActiveOption';

type Choice =
  | { kind: 'person'; person: FoundPerson }
  | { kind: 'channel'; channel: ChannelSummary }
  | { kind: 'group'; conversation: ConversationSummary }
  | { kind: 'messages' };

/** How many of the person's group chats are offered at most. */
const maxGroupChoices = 5;

/** The person's group chats whose title (their members' names) has a word starting with the query. */
function matchingGroups(conversations: readonly ConversationSummary[], query: string): ConversationSummary[] {
  const wanted = query.trim().toLocaleLowerCase();
  if (wanted === '') return [];
  return conversations
    .filter((conversation) => conversation.kind === 'group' && conversation.title.toLocaleLowerCase().split(/[\s,]+/).some((word) => word.startsWith(wanted)))
    .slice(0, maxGroupChoices);
}

export function SearchBox({ onChooseChannel }: { onChooseChannel?: (channel: ChannelSummary) => void }) {
  const { query, results, error, search, showCard, searchMessages, conversations, openConversation, requestComposerFocus } = useAppStore(
    useShallow((state) => ({
      query: state.searchQuery,
      results: state.searchResults,
      error: state.searchError,
      search: state.search,
      showCard: state.showCard,
      searchMessages: state.searchMessages,
      conversations: state.conversations,
      openConversation: state.openConversation,
      requestComposerFocus: state.requestComposerFocus,
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

  const trimmed = query.trim();
  const current = results !== null && results.query === query;
  const choices = choicesFor(current ? results : null, conversations, query);
  const choose = (choice: Choice) => {
    setOpen(false);
    // Done with: the box empties for the next search.
    void search('');
    if (choice.kind === 'person') void showCard(choice.person.id);
    else if (choice.kind === 'channel') onChooseChannel?.(choice.channel);
    else if (choice.kind === 'group') {
      requestComposerFocus(choice.conversation.id);
      void openConversation(choice.conversation.id);
    } else void searchMessages(trimmed);
  };
  const { active, reset, setActive, onKeyDown } = useActiveOption(choices, choose, () => setOpen(true));
  const showList = open && trimmed !== '' && (results !== null || error === null);
  // On a phone the results fill the screen under the box: Back closes them (not on every keystroke's flicker of the list).
  useBackLayer(open && trimmed !== '', layerLevel.pane, () => setOpen(false));
  const optionId = (index: number) => `${listId}-option-${index}`;

  /** Enter typed before the answer came: the first option, once it is here (as Enter would have chosen). */
  const chooseFirstWhenAnswered = async () => {
    const asked = query;
    await search(asked);
    const state = useAppStore.getState();
    if (state.searchQuery !== asked || state.searchResults?.query !== asked) return;
    const first = choicesFor(state.searchResults, state.conversations, asked)[0];
    if (first) choose(first);
  };

  return (
    <div className="search" role="search">
      <Search className="search__icon" size={16} aria-hidden="true" />
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label="Search"
        placeholder={phone ? 'Search' : 'Search (Ctrl+K)'}
        title="Search people, channels and messages (Ctrl+K)"
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
          if (event.key === 'Enter' && trimmed !== '' && !current && active <= 0 && error === null) {
            event.preventDefault();
            void chooseFirstWhenAnswered();
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
          {current && choices.length === 1 && (
            <li className="search__empty" role="presentation">
              No people or channels match “{trimmed}”.
            </li>
          )}
          {choices.map((choice, index) => (
            <OptionItem key={choiceKey(choice)} id={optionId(index)} active={index === active} onHover={() => setActive(index)} onChoose={() => choose(choice)}>
              {choice.kind === 'person' ? (
                <PersonOption person={choice.person} />
              ) : choice.kind === 'channel' ? (
                <ChannelOption channel={choice.channel} />
              ) : choice.kind === 'group' ? (
                <GroupOption conversation={choice.conversation} />
              ) : (
                <span className="option__text option__text--messages">
                  <Search size={14} aria-hidden="true" /> Search messages for “{trimmed}”
                </span>
              )}
            </OptionItem>
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

/** What the list offers for a query: people and channels as the server answered, the person's group chats that match, and message search last. */
function choicesFor(results: SearchResults | null, conversations: readonly ConversationSummary[], query: string): Choice[] {
  if (query.trim() === '') return [];
  return [
    ...(results ? results.people.map((person): Choice => ({ kind: 'person', person })) : []),
    ...(results ? results.channels.map((channel): Choice => ({ kind: 'channel', channel })) : []),
    ...matchingGroups(conversations, query).map((conversation): Choice => ({ kind: 'group', conversation })),
    { kind: 'messages' },
  ];
}

function choiceKey(choice: Choice): string {
  if (choice.kind === 'person') return `p-${choice.person.id}`;
  if (choice.kind === 'channel') return `c-${choice.channel.id}`;
  if (choice.kind === 'group') return `g-${choice.conversation.id}`;
  return 'messages';
}

function GroupOption({ conversation }: { conversation: ConversationSummary }) {
  return (
    <>
      <span className="avatar avatar--medium avatar--channel" aria-hidden="true">
        {conversation.title.slice(0, 1)}
      </span>
      <span className="option__text">
        <span className="option__name">{conversation.title}</span>
        <span className="option__detail">Group chat</span>
      </span>
    </>
  );
}

const numberLabels = { phone: 'Work', mobile: 'Mobile', extension: 'Ext.' } as const;

/** A person as a search result: name, presence, title and account; the number a digits search matched. */
export function PersonOption({ person }: { person: FoundPerson }) {
  return (
    <>
      <Avatar name={person.displayName} colorKey={person.id} photoId={person.photoId} />
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

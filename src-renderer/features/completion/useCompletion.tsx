/**
 * Completion in a message box (SPEC 6): typing `@` opens listbox `Mentions` with the
 * conversation's members the writer sees; typing `:` and two letters opens `Emoji suggestions`
 * by shortcode or name (a complete `:shortcode:` becomes its emoji at once). ArrowUp/ArrowDown
 * move, Enter or Tab chooses, Escape closes; focus stays in the box (aria-activedescendant).
 *
 * Any textarea can have it, the composer's `Message` and a thread's `Reply` alike:
 *
 *   const completion = useCompletion({ textarea, value, setValue, members });
 *   <textarea ref={textarea} value={value} {...completion.textareaProps} onKeyDown={(event) => completion.onKeyDown(event) || …} />
 *
 * It sets the value itself (`textareaProps.onChange` calls `setValue`).
 *   {completion.listbox}
 */
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode, type RefObject, type SyntheticEvent, type ChangeEvent } from 'react';
import type { BroadcastMention } from '../../../src-shared/domain/mentions';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { emojiForShortcode, loadEmoji, searchEmoji, type EmojiEntry } from '../emoji/emojiData';
import { Emoji } from '../emoji/EmojiText';
import { PersonAvatar } from '../people/PersonBadges';
import './completion.css';

/** What is being completed: the text from `start` to the caret. */
type Token = { kind: 'mention' | 'emoji'; start: number; query: string };

type Suggestion = { kind: 'mention'; person: PersonSummary } | { kind: 'broadcast'; word: BroadcastMention } | { kind: 'emoji'; entry: EmojiEntry };

/** What each channel-wide mention does, as its option says it (SPEC 9). */
const broadcastDetails: Record<BroadcastMention, string> = { here: 'Notify the members online', channel: 'Notify every member' };

/** `@here` and `@channel` whose word starts with what was typed after the `@`. */
export function matchBroadcasts(query: string): BroadcastMention[] {
  const wanted = query.toLocaleLowerCase();
  return (['here', 'channel'] as const).filter((word) => word.startsWith(wanted));
}

/** At most this many suggestions show at once. */
const maxSuggestions = 8;

/** `@` then up to three words of a name, right before the caret, at the start or after a space or bracket. */
const mentionToken = /(?:^|[\s([{])@([^\s@]{0,40}(?: [^\s@]{0,40}){0,2})$/u;
/** `:` then at least two letters of a shortcode, right before the caret. */
const emojiToken = /(?:^|[\s([{])(:[a-z0-9_+-]{2,40})$/i;

/** The token being typed before the caret, if any. */
export function tokenBefore(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  const mention = mentionToken.exec(before);
  if (mention) return { kind: 'mention', start: caret - mention[1]!.length - 1, query: mention[1]! };
  const emoji = emojiToken.exec(before);
  if (emoji) return { kind: 'emoji', start: caret - emoji[1]!.length, query: emoji[1]!.slice(1) };
  return null;
}

/** Members whose name has a word starting with the query (or starts with the whole of it), the name's start first. */
export function matchMembers(members: readonly PersonSummary[], query: string): PersonSummary[] {
  const wanted = query.toLocaleLowerCase().trim();
  const words = wanted.split(/\s+/).filter(Boolean);
  return members
    .filter((member) => {
      const name = member.displayName.toLocaleLowerCase();
      return name.startsWith(wanted) || words.every((word) => name.split(/\s+/).some((part) => part.startsWith(word)));
    })
    .sort((a, b) => Number(!a.displayName.toLocaleLowerCase().startsWith(wanted)) - Number(!b.displayName.toLocaleLowerCase().startsWith(wanted)) || a.displayName.localeCompare(b.displayName))
    .slice(0, maxSuggestions);
}

export interface CompletionOptions {
  textarea: RefObject<HTMLTextAreaElement | null>;
  value: string;
  setValue: (value: string) => void;
  /** The conversation's members the writer sees (never themselves). */
  members: readonly PersonSummary[];
  /** A channel's box also offers `@here` and `@channel` (SPEC 9); other conversations do not. */
  broadcasts?: boolean;
}

export function useCompletion({ textarea, value, setValue, members, broadcasts = false }: CompletionOptions) {
  const listboxId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [emoji, setEmoji] = useState<EmojiEntry[] | null>(null);

  const token = caret === null ? null : tokenBefore(value, caret);
  const open = token !== null && token.start !== dismissedAt;

  // The emoji data comes when first needed, never with the app.
  const wantsEmoji = token?.kind === 'emoji' || value.includes(':');
  useEffect(() => {
    if (!wantsEmoji || emoji) return;
    let live = true;
    void loadEmoji().then((loaded) => live && setEmoji(loaded));
    return () => {
      live = false;
    };
  }, [wantsEmoji, emoji]);

  const suggestions: Suggestion[] = !open
    ? []
    : token.kind === 'mention'
      ? [
          ...matchMembers(members, token.query).map((person): Suggestion => ({ kind: 'mention', person })),
          ...(broadcasts ? matchBroadcasts(token.query).map((word): Suggestion => ({ kind: 'broadcast', word })) : []),
        ].slice(0, maxSuggestions)
      : searchEmoji(emoji ?? [], token.query, maxSuggestions).map((entry) => ({ kind: 'emoji', entry }));
  const shown = open && suggestions.length > 0;
  const current = Math.min(active, Math.max(0, suggestions.length - 1));

  const replace = (start: number, end: number, insert: string, text = value) => {
    const next = text.slice(0, start) + insert + text.slice(end);
    setValue(next);
    const at = start + insert.length;
    setCaret(at);
    setActive(0);
    requestAnimationFrame(() => {
      const element = textarea.current;
      element?.focus();
      // Only while nothing more was typed: a fast typist's next keys must stay where they went.
      if (element?.value === next) element.setSelectionRange(at, at);
    });
  };

  const choose = (suggestion: Suggestion) => {
    if (!token || caret === null) return;
    const inserted = suggestion.kind === 'mention' ? `@${suggestion.person.displayName}` : suggestion.kind === 'broadcast' ? `@${suggestion.word}` : suggestion.entry.emoji;
    replace(token.start, caret, `${inserted} `);
  };

  /** Follows the caret. */
  const track = (element: HTMLTextAreaElement) => {
    const at = element.selectionStart === element.selectionEnd ? element.selectionStart : null;
    if (at !== caret) setActive(0);
    setCaret(at);
  };

  /** What the person typed, with a complete `:shortcode:` just typed turned into its emoji. */
  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    const element = event.currentTarget;
    const at = element.selectionStart === element.selectionEnd ? element.selectionStart : null;
    const complete = at === null || !emoji ? null : /(?:^|[\s([{]):([a-z0-9_+-]{2,40}):$/i.exec(element.value.slice(0, at));
    const found = complete && emojiForShortcode(emoji!, complete[1]!);
    if (found && at !== null) {
      replace(at - complete[1]!.length - 2, at, found.emoji, element.value);
      return;
    }
    setValue(element.value);
    track(element);
  };

  /** Handles the keys of an open listbox; true when the key was its (the box must do nothing more). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!shown || event.nativeEvent.isComposing) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + suggestions.length) % suggestions.length);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      event.preventDefault();
      choose(suggestions[current]!);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(token.start);
      return true;
    }
    return false;
  };

  const optionId = (index: number) => `${listboxId}-${index}`;
  const label = token?.kind === 'mention' ? 'Mentions' : 'Emoji suggestions';
  const listbox: ReactNode = shown ? (
    <ul id={listboxId} role="listbox" aria-label={label} className="completion">
      {suggestions.map((suggestion, index) => (
        <li
          key={suggestion.kind === 'mention' ? suggestion.person.id : suggestion.kind === 'broadcast' ? `@${suggestion.word}` : suggestion.entry.emoji}
          id={optionId(index)}
          role="option"
          aria-selected={index === current}
          className={`completion__option${index === current ? ' completion__option--active' : ''}`}
          // Keeps focus in the box.
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => setActive(index)}
          onClick={() => choose(suggestion)}
        >
          {suggestion.kind === 'mention' ? (
            <>
              <PersonAvatar person={suggestion.person} size="small" />
              <span className="completion__name">{suggestion.person.displayName}</span>
              <span className="completion__detail muted">{suggestion.person.federated ? suggestion.person.accountName : (suggestion.person.title ?? '')}</span>
            </>
          ) : suggestion.kind === 'broadcast' ? (
            <>
              <span className="completion__name">@{suggestion.word}</span>
              <span className="completion__detail muted">{broadcastDetails[suggestion.word]}</span>
            </>
          ) : (
            <>
              <span className="completion__emoji" aria-hidden="true">
                <Emoji emoji={suggestion.entry.emoji} />
              </span>
              <span className="completion__name">{suggestion.entry.name}</span>
              {suggestion.entry.shortcodes[0] && <span className="completion__detail muted">:{suggestion.entry.shortcodes[0]}:</span>}
            </>
          )}
        </li>
      ))}
    </ul>
  ) : null;

  return {
    listbox,
    onKeyDown,
    /** Spread on the textarea: it follows the caret and points at the active option. */
    textareaProps: {
      'aria-autocomplete': 'list' as const,
      'aria-controls': shown ? listboxId : undefined,
      'aria-activedescendant': shown ? optionId(current) : undefined,
      onChange,
      onSelect: (event: SyntheticEvent<HTMLTextAreaElement>) => track(event.currentTarget),
      onBlur: () => setCaret(null),
    },
  };
}

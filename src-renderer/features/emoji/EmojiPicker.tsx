/**
 * The emoji picker (SPEC 6): dialog `Emoji` with searchbox `Search emoji` and one button per
 * emoji, named by its name (`thumbs up`). Fully by keyboard: typing searches, Enter picks the
 * first match, arrow keys move through the grid (focus starts on the first emoji with ArrowDown),
 * Escape closes. Loaded only when first opened (see LazyEmojiPicker.tsx), with its data.
 */
import { X } from 'lucide-react';
import { startTransition, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../shell/Dialog';
import { emojiGroups, loadEmoji, searchEmoji, type EmojiEntry } from './emojiData';
import { Emoji } from './EmojiText';
import './emoji.css';

export interface EmojiPickerProps {
  /** Called with the chosen emoji; the dialog closes after. */
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** Where focus goes when it closes (the composer after inserting), when not back where it was. */
  returnFocusTo?: () => HTMLElement | null;
}

/** At most this many matches show for a search: the best ones. */
const maxResults = 120;

export default function EmojiPicker({ onPick, onClose, returnFocusTo }: EmojiPickerProps) {
  const [entries, setEntries] = useState<EmojiEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    loadEmoji().then(
      // Every emoji at once is a long render (until the grid is virtualized): in a transition React
      // renders it in slices, so the page keeps answering clicks and keys while it does.
      (loaded) => live && startTransition(() => setEntries(loaded)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  // The grid follows the typing when there is time: each key shows in the box at once.
  const shownQuery = useDeferredValue(query);
  const sections = useMemo(() => {
    if (!entries) return [];
    if (shownQuery.trim() !== '') return [{ title: 'Search results', entries: searchEmoji(entries, shownQuery, maxResults) }];
    return emojiGroups.map((title, group) => ({ title, entries: entries.filter((entry) => entry.group === group) })).filter((section) => section.entries.length > 0);
  }, [entries, shownQuery]);
  // What Enter picks: the best match of what is typed now, even when the grid has not caught up with it.
  const first = entries === null ? undefined : query.trim() !== '' ? searchEmoji(entries, query, 1)[0] : emojiGroups.map((_, group) => entries.find((entry) => entry.group === group)).find((entry) => entry !== undefined);

  const pick = (emoji: string) => {
    onPick(emoji);
    onClose();
  };

  /** Arrow keys move between emoji buttons: left and right by one, up and down by a row. */
  const moveInGrid = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('.emoji-picker__emoji') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    // Where each is on the screen (not offsetTop: each section is its own offsetParent, see emoji.css), to the pixel.
    const at = (button: HTMLButtonElement) => {
      const box = button.getBoundingClientRect();
      return { top: Math.round(box.top), left: Math.round(box.left) };
    };
    const { top, left } = at(buttons[index]!);
    let target: HTMLButtonElement | undefined;
    if (event.key === 'ArrowRight') target = buttons[index + 1];
    else if (event.key === 'ArrowLeft') target = index === 0 ? undefined : buttons[index - 1];
    else if (event.key === 'ArrowDown') target = buttons.slice(index + 1).find((button) => at(button).top > top && at(button).left >= left) ?? buttons.slice(index + 1).findLast((button) => at(button).top > top);
    else if (event.key === 'ArrowUp') target = [...buttons.slice(0, index)].reverse().find((button) => at(button).top < top && at(button).left <= left);
    else if (event.key === 'Home') target = buttons[0];
    else if (event.key === 'End') target = buttons.at(-1);
    else return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && !target) search.current?.focus();
    target?.focus();
  };

  return (
    <Dialog title="Emoji" onClose={onClose} className="emoji-picker" initialFocus={search} returnFocusTo={returnFocusTo}>
      <div className="emoji-picker__top">
        <input
          ref={search}
          type="search"
          className="emoji-picker__search"
          aria-label="Search emoji"
          placeholder="Search emoji by name, like thumbs up"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && first) {
              event.preventDefault();
              pick(first.emoji);
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              grid.current?.querySelector<HTMLButtonElement>('.emoji-picker__emoji')?.focus();
            }
          }}
        />
        {/* A phone's full-screen picker has no outside to tap: this closes it (Escape and Back do too). */}
        <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={onClose}>
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div ref={grid} className="emoji-picker__grid" onKeyDown={moveInGrid}>
        {failed ? (
          <p role="alert">The emoji could not be loaded.</p>
        ) : !entries ? (
          <p role="status" className="muted">
            Loading emoji…
          </p>
        ) : sections.length === 0 || sections[0]!.entries.length === 0 ? (
          <p role="status" className="muted">
            No emoji match “{shownQuery}”.
          </p>
        ) : (
          sections.map((section) => (
            <section key={section.title} className="emoji-picker__section" aria-label={section.title}>
              <h3 className="emoji-picker__heading">{section.title}</h3>
              <div className="emoji-picker__emojis">
                {section.entries.map((entry) => (
                  <button
                    key={entry.emoji}
                    type="button"
                    className="emoji-picker__emoji"
                    aria-label={entry.name}
                    title={entry.shortcodes.length > 0 ? `${entry.name} :${entry.shortcodes[0]}:` : entry.name}
                    onClick={() => pick(entry.emoji)}
                  >
                    <Emoji emoji={entry.emoji} />
                  </button>
                ))}
              </div>
            </section>
          ))
        )}
      </div>
    </Dialog>
  );
}

/**
 * The emoji picker (SPEC 6): dialog `Emoji` with searchbox `Search emoji` and one button per
 * emoji, named by its name (`thumbs up`). Fully by keyboard: focus starts in the search box,
 * typing searches, Enter picks the first match, ArrowDown goes into the grid, where the arrow
 * keys move between emoji (Up from the top row back to the search box), Home/End and
 * PageUp/PageDown jump, Enter picks; Escape closes back to the opener. The grid is one Tab stop
 * (the emoji last moved to).
 *
 * Virtualized (react-virtuoso, as the message log): of about 1,800 emoji only the rows in view
 * are in the DOM, so opening it and each search draw a few dozen buttons, not all of them.
 * Loaded only when first opened (see LazyEmojiPicker.tsx), with its data.
 */
import { X } from 'lucide-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { Dialog } from '../shell/Dialog';
import { emojiGroups, loadEmoji, searchEmoji, type EmojiEntry } from './emojiData';
import { cellGap, emojiTarget, layoutEmojiGrid, type EmojiRow, type EmojiSection } from './emojiGrid';
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
interface Geometry {
  columns: number;
  rowHeight: number;
}
/** Before the grid has been measured: the picker's usual width, on a desktop. */
const defaultGeometry: Geometry = { columns: 10, rowHeight: 38 };

/** How many cells of the grid's cell size fit across it. */
/**
 * How many cells of the grid's cell size (`--emoji-cell`) fit across it, and the height of every
 * row (a heading's too): with one known height Virtuoso places any row exactly, so a jump to the
 * end draws it once, without rows measured, dropped and drawn again under the focus.
 */
function geometryOf(element: HTMLElement): Geometry {
  const cell = parseFloat(getComputedStyle(element).getPropertyValue('--emoji-cell')) || defaultGeometry.rowHeight - cellGap;
  return { columns: Math.max(1, Math.floor((element.clientWidth + cellGap) / (cell + cellGap))), rowHeight: cell + cellGap };
}

interface GridContext {
  active: number;
  pick: (emoji: string) => void;
}

/** For how many frames an emoji moved to by a key takes the focus back whenever it is drawn again (see focusEmoji). */
const focusFrames = 20;

export default function EmojiPicker({ onPick, onClose, returnFocusTo }: EmojiPickerProps) {
  const [entries, setEntries] = useState<EmojiEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [{ columns, rowHeight }, setGeometry] = useState(defaultGeometry);
  // The emoji the grid's Tab stop is on, for the list of sections it was chosen in (a new search starts at its best match).
  const [activeIn, setActiveIn] = useState<{ sections: EmojiSection[] | null; index: number }>({ sections: null, index: 0 });
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLElement | null>(null);
  // The grid as state too: the picker may mount before its dialog puts it in the page, so it is
  // measured when it arrives, not only on the first render (it had kept the default 10 columns).
  const [gridElement, setGridElement] = useState<HTMLElement | null>(null);
  const scroller = useRef<HTMLElement | null>(null);
  /** An emoji moved to by a key, to be focused as soon as it is drawn (the last key wins). */
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    let live = true;
    loadEmoji().then(
      (loaded) => live && setEntries(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  // As many columns as fit, and the rows' height: measured before the first paint, again when the picker changes width.
  useLayoutEffect(() => {
    const element = gridElement;
    if (!element) return;
    const measure = () =>
      setGeometry((known) => {
        const next = geometryOf(element);
        return next.columns === known.columns && next.rowHeight === known.rowHeight ? known : next;
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [gridElement]);

  // Every key answers at once: only a screenful of rows is drawn, whatever the query.
  const searching = query.trim() !== '';
  const sections = useMemo<EmojiSection[]>(() => {
    if (!entries) return [];
    if (searching) return [{ title: 'Search results', entries: searchEmoji(entries, query, maxResults) }];
    return emojiGroups.map((title, group) => ({ title, entries: entries.filter((entry) => entry.group === group) })).filter((section) => section.entries.length > 0);
  }, [entries, query, searching]);
  const layout = useMemo(() => layoutEmojiGrid(sections, columns), [sections, columns]);
  const active = activeIn.sections === sections ? activeIn.index : 0;
  const setActive = (index: number) => setActiveIn({ sections, index });
  const first = layout.flat[0];

  const pick = (emoji: string) => {
    onPick(emoji);
    onClose();
  };

  /**
   * Moves the grid's Tab stop to emoji `index` and focuses it, scrolling it into view. A far jump
   * (End, PageDown) is drawn by Virtuoso in a few passes as rows are measured, and a row may be
   * drawn, dropped and drawn again meanwhile (taking the focus with it to the dialog): for a few
   * frames the emoji gets the focus back whenever it is drawn and the focus fell to nothing in
   * particular (the dialog, the page) or is still where the key was pressed, unless another key
   * moved it on.
   */
  const focusEmoji = (index: number) => {
    setActive(index);
    pendingFocus.current = index;
    // Its row scrolled into view (to the nearest edge), going up to a section's first row with its heading. Every row is
    // `rowHeight` high, so where it is needs no measuring. After a far jump Virtuoso may correct the scroll position
    // once as it draws (it landed short of the last rows): until the emoji is drawn, each frame scrolls to it again.
    const row = layout.rowOf[index]!;
    const headed = layout.rows[row - 1]?.kind === 'heading' && index < active;
    const reveal = () => {
      const element = scroller.current;
      if (!element) return;
      const top = (headed ? row - 1 : row) * rowHeight;
      const bottom = (row + 1) * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
    };
    reveal();
    // Where the key was pressed (the search box, the emoji before): focus leaves it for the emoji as soon as that is drawn.
    const from = document.activeElement;
    let frames = 0;
    const attempt = () => {
      if (pendingFocus.current !== index) return;
      const button = grid.current?.querySelector<HTMLButtonElement>(`[data-emoji-index="${index}"]`);
      if (!button) reveal();
      const holder = document.activeElement;
      const adrift = holder === null || holder === from || holder === document.body || holder.contains(grid.current) || grid.current?.contains(holder) === true;
      if (button && adrift && holder !== button) button.focus({ preventScroll: true });
      if (frames++ < focusFrames) requestAnimationFrame(attempt);
      else pendingFocus.current = null;
    };
    attempt();
  };

  const context: GridContext = { active, pick };

  /** Arrow keys move between emoji: left and right by one, up and down by a row, in the same column. */
  const moveInGrid = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = Number((event.target as HTMLElement).dataset.emojiIndex);
    if (!Number.isInteger(index) || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = emojiTarget(layout, index, event.key);
    if (target === null) return;
    event.preventDefault();
    if (target < 0) {
      pendingFocus.current = null;
      search.current?.focus();
    } else focusEmoji(target);
  };

  const label = searching ? 'Search results' : 'All emoji';
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
            } else if (event.key === 'ArrowDown' && first) {
              event.preventDefault();
              focusEmoji(0);
            }
          }}
        />
        {/* A phone's full-screen picker has no outside to tap: this closes it (Escape and Back do too). */}
        <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={onClose}>
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      {/* data-query: what the grid shows now (the picker's benchmark times each key by it). */}
      <section
        ref={(element) => {
          grid.current = element;
          setGridElement(element);
        }}
        className="emoji-picker__grid" aria-label={label} data-query={query} onKeyDown={moveInGrid}>
        {failed ? (
          <p role="alert">The emoji could not be loaded.</p>
        ) : !entries ? (
          <p role="status" className="muted">
            Loading emoji…
          </p>
        ) : layout.flat.length === 0 ? (
          <p role="status" className="muted">
            No emoji match “{query}”.
          </p>
        ) : (
          <Virtuoso<EmojiRow, GridContext>
            scrollerRef={(element) => {
              scroller.current = element instanceof HTMLElement ? element : null;
            }}
            className="emoji-picker__scroller"
            data={layout.rows}
            context={context}
            // The grid's one Tab stop is its active emoji, not Virtuoso's scroller.
            tabIndex={-1}
            fixedItemHeight={rowHeight}
            increaseViewportBy={3 * rowHeight}
            computeItemKey={(index, row) => (row.kind === 'heading' ? `h-${row.title}` : `r-${row.first}-${index}`)}
            itemContent={(_index, row, { active: activeIndex, pick: choose }) =>
              row.kind === 'heading' ? (
                <h3 className="emoji-picker__heading" style={{ height: rowHeight }}>
                  {row.title}
                </h3>
              ) : (
                <div className="emoji-picker__row" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, height: rowHeight }}>
                  {row.entries.map((entry, column) => {
                    const index = row.first + column;
                    return (
                      <button
                        key={entry.emoji}
                        type="button"
                        className="emoji-picker__emoji"
                        data-emoji-index={index}
                        tabIndex={index === activeIndex ? 0 : -1}
                        aria-label={entry.name}
                        title={entry.shortcodes.length > 0 ? `${entry.name} :${entry.shortcodes[0]}:` : entry.name}
                        onClick={() => choose(entry.emoji)}
                        onFocus={() => index !== activeIndex && setActive(index)}
                      >
                        <Emoji emoji={entry.emoji} />
                      </button>
                    );
                  })}
                </div>
              )
            }
          />
        )}
      </section>
    </Dialog>
  );
}

/**
 * The emoji picker's grid as rows for its virtualized list (EmojiPicker.tsx): section headings
 * and rows of as many emoji as fit across, and where each key moves the focus within it.
 */
import type { EmojiEntry } from './emojiData';

/** The gap between emoji cells (emoji.css `.emoji-picker__row`), in pixels. */
export const cellGap = 2;
/** Rows PageUp/PageDown move by. */
const pageRows = 5;

/** A titled run of emoji: a category, or the search results. */
export interface EmojiSection {
  title: string;
  entries: EmojiEntry[];
}

/** A row of the virtualized grid: a section's heading, or up to `columns` emoji. */
export type EmojiRow = { kind: 'heading'; title: string } | { kind: 'emojis'; entries: EmojiEntry[]; first: number };

export interface EmojiGrid {
  rows: EmojiRow[];
  /** Every emoji shown, in order: what an index names. */
  flat: EmojiEntry[];
  /** The row of each emoji by its index. */
  rowOf: number[];
}

/** Lays sections out in rows of `columns` emoji under their headings. */
export function layoutEmojiGrid(sections: readonly EmojiSection[], columns: number): EmojiGrid {
  const rows: EmojiRow[] = [];
  const flat: EmojiEntry[] = [];
  const rowOf: number[] = [];
  for (const section of sections) {
    rows.push({ kind: 'heading', title: section.title });
    for (let start = 0; start < section.entries.length; start += columns) {
      const entries = section.entries.slice(start, start + columns);
      for (let column = 0; column < entries.length; column++) rowOf.push(rows.length);
      rows.push({ kind: 'emojis', entries, first: flat.length });
      flat.push(...entries);
    }
  }
  return { rows, flat, rowOf };
}

/**
 * Where an arrow key (or Home, End, PageUp, PageDown) goes from emoji `index`: another index, -1
 * for the search box (Up from the first row), or null when the key is not one of them.
 */
export function emojiTarget({ rows, flat, rowOf }: EmojiGrid, index: number, key: string): number | null {
  const row = rowOf[index]!;
  const column = index - (rows[row] as Extract<EmojiRow, { kind: 'emojis' }>).first;
  /** The emoji in the same column (or the last of a shorter row) `by` emoji rows away, clamped to the grid. */
  const rowsAway = (by: number) => {
    const step = Math.sign(by);
    let at = row;
    let left = Math.abs(by);
    let last = row;
    while (left > 0) {
      at += step;
      if (at < 0 || at >= rows.length) break;
      if (rows[at]!.kind === 'emojis') {
        last = at;
        left--;
      }
    }
    if (last === row) return by < 0 ? -1 : index;
    const target = rows[last] as Extract<EmojiRow, { kind: 'emojis' }>;
    return target.first + Math.min(column, target.entries.length - 1);
  };
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, flat.length - 1);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return rowsAway(1);
    case 'ArrowUp':
      return rowsAway(-1);
    case 'PageDown':
      return rowsAway(pageRows);
    case 'PageUp':
      return Math.max(rowsAway(-pageRows), 0);
    case 'Home':
      return 0;
    case 'End':
      return flat.length - 1;
    default:
      return null;
  }
}


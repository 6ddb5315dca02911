import { describe, expect, it } from 'vitest';
import type { EmojiEntry } from './emojiData';
import { emojiTarget, layoutEmojiGrid } from './emojiGrid';

const emoji = (name: string): EmojiEntry => ({ emoji: name, name, shortcodes: [], keywords: [], group: 0 });
const named = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => emoji(`${prefix}${index}`));
// Two sections in rows of 4: a0..a5 (rows of 4 and 2), then b0..b8 (4, 4, 1).
const grid = layoutEmojiGrid(
  [
    { title: 'A', entries: named(6, 'a') },
    { title: 'B', entries: named(9, 'b') },
  ],
  4,
);
const name = (index: number | null) => (index === null ? null : index < 0 ? 'search' : grid.flat[index]!.name);
const from = (start: string, key: string) => name(emojiTarget(grid, grid.flat.findIndex((entry) => entry.name === start), key));

describe('the emoji grid', () => {
  it('lays each section out under its heading in rows of the columns that fit', () => {
    expect(grid.rows.map((row) => (row.kind === 'heading' ? row.title : row.entries.map((entry) => entry.name).join(' ')))).toEqual(['A', 'a0 a1 a2 a3', 'a4 a5', 'B', 'b0 b1 b2 b3', 'b4 b5 b6 b7', 'b8']);
    expect(grid.flat).toHaveLength(15);
    expect(grid.rowOf[5]).toBe(2);
    expect(grid.rowOf[6]).toBe(4);
  });

  it('moves by one with Left and Right, across rows and sections, stopping at the ends', () => {
    expect(from('a3', 'ArrowRight')).toBe('a4');
    expect(from('a5', 'ArrowRight')).toBe('b0');
    expect(from('b0', 'ArrowLeft')).toBe('a5');
    expect(from('a0', 'ArrowLeft')).toBe('a0');
    expect(from('b8', 'ArrowRight')).toBe('b8');
  });

  it('moves by a row with Up and Down in the same column, over headings, to the last of a shorter row', () => {
    expect(from('a1', 'ArrowDown')).toBe('a5');
    expect(from('a3', 'ArrowDown')).toBe('a5');
    expect(from('a5', 'ArrowDown')).toBe('b1');
    expect(from('b2', 'ArrowUp')).toBe('a5');
    expect(from('b6', 'ArrowDown')).toBe('b8');
    expect(from('b8', 'ArrowDown')).toBe('b8');
    // Up from the first row: the search box.
    expect(from('a2', 'ArrowUp')).toBe('search');
  });

  it('jumps with Home, End, PageUp and PageDown; other keys are not its', () => {
    expect(from('b5', 'Home')).toBe('a0');
    expect(from('a1', 'End')).toBe('b8');
    expect(from('a1', 'PageDown')).toBe('b8');
    expect(from('b5', 'PageUp')).toBe('a1');
    expect(from('a1', 'Enter')).toBeNull();
  });
});

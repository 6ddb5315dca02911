/**
 * The picker's filter alone, over every emoji offered (`npx vitest bench --run --project unit
 * src-renderer/features/emoji/`): one key's search, the part of a key's answer that grows with
 * the emoji data. The whole answer (filter, render, layout) is bench/emojiPickerBench.ts.
 */
import { bench, describe } from 'vitest';
import { loadEmoji, searchEmoji } from './emojiData';

const entries = await loadEmoji();

describe('searchEmoji over every emoji', () => {
  for (const query of ['t', 'th', 'thumbs up', 'f', 'face', 'heart', 'party popper']) bench(`"${query}"`, () => void searchEmoji(entries, query, 120));
});

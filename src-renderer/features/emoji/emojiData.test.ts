import { describe, expect, it } from 'vitest';
import { normalizeEmoji } from '../../../src-shared/domain/emoji';
import { emojiForShortcode, loadEmoji, searchEmoji } from './emojiData';

describe('the bundled emoji set', () => {
  it('offers only emoji the server accepts as reactions, each once, named as SPEC 6 says', async () => {
    const entries = await loadEmoji();
    expect(entries.length).toBeGreaterThan(1800);
    for (const entry of entries) expect(normalizeEmoji(entry.emoji), entry.name).toBe(entry.emoji);
    expect(new Set(entries.map((entry) => entry.emoji)).size).toBe(entries.length);
    expect(entries.find((entry) => entry.emoji === '👍')?.name).toBe('thumbs up');
  });

  it('finds by name, shortcode and keyword, the best match first', async () => {
    const entries = await loadEmoji();
    expect(searchEmoji(entries, 'thumbs up')[0]?.emoji).toBe('👍');
    expect(searchEmoji(entries, 'tada')[0]?.emoji).toBe('🎉');
    expect(searchEmoji(entries, 'heart', 3).map((entry) => entry.name)).toContain('red heart');
    expect(searchEmoji(entries, 'zzzzqq')).toEqual([]);
    expect(emojiForShortcode(entries, '+1')?.emoji).toBe('👍');
    expect(emojiForShortcode(entries, 'THUMBSUP')?.emoji).toBe('👍');
  });
});

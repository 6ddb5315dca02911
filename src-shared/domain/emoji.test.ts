import { describe, expect, it } from 'vitest';
import { normalizeEmoji, splitEmoji } from './emoji';

describe('emoji', () => {
  it.each([
    ['👍', '👍'],
    ['👍\uFE0F', '👍'],
    ['❤', '❤️'],
    ['❤️', '❤️'],
    ['👍🏽', '👍🏽'],
    ['🇫🇷', '🇫🇷'],
    ['👩‍👩‍👧', '👩‍👩‍👧'],
    ['1️⃣', '1️⃣'],
  ])('accepts %s as %s', (text, expected) => expect(normalizeEmoji(text)).toBe(expected));

  it.each(['', 'x', '1', '#', '👍👍', ':+1:', '<b>', '👍 ', 'a'.repeat(40)])('refuses %j', (text) => expect(normalizeEmoji(text)).toBeNull());

  it('cuts a text into its emoji and the rest; digits alone are text', () => {
    expect(splitEmoji('Ship it 🚀🎉 at 3')).toEqual([
      { emoji: false, text: 'Ship it ' },
      { emoji: true, text: '🚀' },
      { emoji: true, text: '🎉' },
      { emoji: false, text: ' at 3' },
    ]);
  });
});

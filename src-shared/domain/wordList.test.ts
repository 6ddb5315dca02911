import { describe, expect, it } from 'vitest';
import { wordList } from './wordList';

describe('wordList', () => {
  it('lists names as a sentence does', () => {
    expect(wordList([])).toBe('');
    expect(wordList(['Contoso Legal'])).toBe('Contoso Legal');
    expect(wordList(['Contoso Legal', 'Fabrikam Labs'])).toBe('Contoso Legal and Fabrikam Labs');
    expect(wordList(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

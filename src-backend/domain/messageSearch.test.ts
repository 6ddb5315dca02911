import { describe, expect, it } from 'vitest';
import { authorToken, excerptOf, ftsQuery, indexWords, searchStems, searchTerms, wordToken } from './messageSearch';

const marked = ({ excerpt, highlights }: { excerpt: string; highlights: Array<[number, number]> }) => highlights.map(([start, end]) => excerpt.slice(start, end));

describe('searchTerms', () => {
  it('keeps letters and digits, lowercase and without accents, each word once', () => {
    expect(searchTerms('Résumé  RESUME, q3-budget!')).toEqual(['resume', 'q3', 'budget']);
    expect(searchTerms('"AND" OR NEAR(x*) {text}: ^')).toEqual(['and', 'or', 'near', 'x', 'text']);
    expect(searchTerms('!!! ...')).toEqual([]);
    expect(searchTerms('one two three four five six seven eight nine ten')).toHaveLength(8);
  });
});

describe('the index, keyed by conversation', () => {
  it('holds each distinct word of a message by its stem, and its author, within its conversation', () => {
    expect(searchStems('Drafts, DRAFTING and the résumé')).toEqual(['draft', 'and', 'the', 'resum']);
    expect(wordToken('ch-1', 'draft')).toBe('c63682d31xdraft');
    expect(authorToken('ch-1', 'nw-alice')).toBe('c63682d31y6h772d616c696365');
    expect(indexWords('ch-1', 'nw-alice', 'Draft the draft', 'Q3-budget.xlsx').split(' ')).toEqual([
      'c63682d31y6h772d616c696365',
      'c63682d31xdraft',
      'c63682d31xthe',
      'c63682d31xq3',
      'c63682d31xbudget',
      'c63682d31xxlsx',
    ]);
  });

  it('asks only for the tokens of the conversations given: every word in one of them, by the author when asked', () => {
    expect(ftsQuery(['drafts', 'q3'], ['ch-1', 'ch-2'])).toBe('("c63682d31xdraft" AND "c63682d31xq3") OR ("c63682d32xdraft" AND "c63682d32xq3")');
    expect(ftsQuery(['draft'], ['ch-1'], { authorId: 'u' })).toBe('("c63682d31xdraft" AND "c63682d31y75")');
    // Nothing to read, or nothing to find: no query at all.
    expect(ftsQuery(['draft'], [])).toBeNull();
    expect(ftsQuery([], ['ch-1'])).toBeNull();
  });
});

describe('excerptOf', () => {
  it('marks every word of the same stem as a term, whatever its case and accents', () => {
    const excerpt = excerptOf('The Résumé and the resumes are in; resumption is not.', null, ['resume']);
    expect(marked(excerpt)).toEqual(['Résumé', 'resumes']);
    expect(marked(excerptOf('Reporting the reports: one report.', null, ['reports']))).toEqual(['Reporting', 'reports', 'report']);
  });

  it('cuts a long message around its first match, at word boundaries, with ellipses', () => {
    const text = `${'lorem ipsum dolor sit amet '.repeat(12)}the budget for Q3 is ready ${'consectetur adipiscing elit '.repeat(12)}`;
    const excerpt = excerptOf(text, null, ['budget']);
    expect(excerpt.excerpt.startsWith('…')).toBe(true);
    expect(excerpt.excerpt.endsWith('…')).toBe(true);
    expect(excerpt.excerpt.length).toBeLessThanOrEqual(163);
    expect(marked(excerpt)).toEqual(['budget']);
    expect(excerpt.excerpt).toMatch(/^… ?\w/);
  });

  it('shows the file name when the match is there, or the message has no text', () => {
    expect(marked(excerptOf('see attached', 'Quarterly-Budget.xlsx', ['budget']))).toEqual(['Budget']);
    expect(excerptOf('', 'scan.pdf', ['other']).excerpt).toBe('scan.pdf');
  });

  it('shows line breaks as spaces', () => {
    expect(excerptOf('first line\n\nsecond line', null, ['second'])).toEqual({ excerpt: 'first line second line', highlights: [[11, 17]] });
  });
});

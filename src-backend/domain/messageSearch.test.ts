import { describe, expect, it } from 'vitest';
import { excerptOf, ftsQuery, searchTerms, searchToken } from './messageSearch';

const marked = ({ excerpt, highlights }: { excerpt: string; highlights: Array<[number, number]> }) => highlights.map(([start, end]) => excerpt.slice(start, end));

describe('searchTerms', () => {
  it('keeps letters and digits, lowercase and without accents, each word once', () => {
    expect(searchTerms('Résumé  RESUME, q3-budget!')).toEqual(['resume', 'q3', 'budget']);
    expect(searchTerms('"AND" OR NEAR(x*) {text}: ^')).toEqual(['and', 'or', 'near', 'x', 'text']);
    expect(searchTerms('!!! ...')).toEqual([]);
    expect(searchTerms('one two three four five six seven eight nine ten')).toHaveLength(8);
  });
});

describe('ftsQuery', () => {
  it('asks for every word in the text or the file name, and the filters as tokens without a vowel', () => {
    expect(ftsQuery(['draft', 'q3'])).toBe('{text file_name} : ("draft" AND "q3")');
    expect(ftsQuery(['draft'], { conversationId: 'ch-1', authorId: 'u' })).toBe(`{text file_name} : ("draft") AND conversation : "${searchToken('conversation', 'ch-1')}" AND author : "${searchToken('author', 'u')}"`);
    expect(searchToken('conversation', 'ch-1')).toBe('c63682d31');
    expect(searchToken('author', 'nw-alice')).toBe('p6h772d616c696365');
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

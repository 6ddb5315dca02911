/**
 * Texts known to be slow or deep for Markdown parsers (CommonMark's pathological cases, and what
 * issue 18 found), for MessageMarkdown.test.tsx and MessageMarkdown.bench.tsx. Any person may
 * send any of them (SPEC 8).
 */

/** Inputs known to be slow or deep for Markdown parsers (CommonMark's pathological tests and more), each about `length` characters. */
export function pathologicalInputs(length = 10_000): Record<string, string> {
  const repeat = (unit: string, size = length) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));
  return {
    'nested quotes': repeat('>'),
    'nested quotes with spaces': repeat('> '),
    'nested lists': repeat('- '),
    'indented lists': Array.from({ length: 400 }, (_, depth) => `${' '.repeat(depth * 2)}- a`).join('\n').slice(0, length),
    'emphasis openers and closers': repeat('*a'),
    'emphasis closers without openers': repeat('a_ '),
    'mismatched openers and closers': repeat('*a_ '),
    'nested strong and emphasis': repeat('*a **a ', length / 2) + 'b' + repeat(' a** a*', length / 2),
    'link openers without closers': repeat('[a'),
    'an unclosed link before long text': `[a${repeat(' lorem ipsum', length - 2)}`,
    'nested brackets': repeat('[', length / 2) + 'a' + repeat(']', length / 2),
    'link openers and emphasis closers': repeat('[ a_'),
    'brackets and parentheses': repeat('[ (]('),
    'unclosed link destinations': repeat('[a](<b'),
    'unclosed links': repeat('[a](b'),
    'backtick runs': Array.from({ length: 140 }, (_, index) => `e${'`'.repeat(index)}`).join(''),
    'hard line breaks': repeat('a  \n'),
    'angle-bracket links': repeat('<http://a'),
    'bare links': repeat('https://a.example/b '),
    'emails': repeat('a@b.example '),
    'numbers': repeat('4155550101 '),
    'emoji': repeat('🚀'),
  };
}

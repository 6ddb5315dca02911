/**
 * The Markdown renderer of messages (SPEC 7 "Formatting", "Mentions"), rendered to static HTML:
 * what a reader gets for what a writer typed. The e2e spec richMessaging.spec.ts shows the same
 * in the browser, once; here every rule has its case.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { encodeMentions, renderMentions } from '../../../src-shared/domain/mentions';
import { UNKNOWN_USER, type PersonRef, type PersonSummary } from '../../../src-shared/protocol/model';
import { MessageMarkdown, type MessageMarkdownProps } from './MessageMarkdown';
import { formattingLimits, parseMessage } from './markdown';
import { pathologicalInputs } from './pathologicalInputs';

const html = (text: string, props: Omit<MessageMarkdownProps, 'text'> = {}) => renderToStaticMarkup(<MessageMarkdown text={text} {...props} />);
/** The inside of the message's text element. */
const body = (text: string, props: Omit<MessageMarkdownProps, 'text'> = {}) => html(text, props).replace(/^<div class="message__text markdown">|<\/div>$/g, '');

const person = (id: string, displayName: string): PersonSummary => ({
  kind: 'person',
  id,
  displayName,
  title: null,
  department: null,
  accountId: '100100',
  accountName: 'Northwind Health',
  federated: false, photoId: null,
  presence: 'available',
  statusMessage: null,
  email: `${id}@example.test`,
  phone: null,
});
const alice = person('nw-alice', 'Alice Nguyen');
const bob = person('fb-bob', 'Bob Alvarez');
const unknown: PersonRef = { kind: 'unknown', displayName: UNKNOWN_USER, token: 'opaque-1', number: 1 };

describe('formatting', () => {
  it('renders bold, italic and inline code', () => {
    expect(body('**bold**, __also bold__, _italic_, *also italic* and `npm test`')).toBe(
      '<p><strong>bold</strong>, <strong>also bold</strong>, <em>italic</em>, <em>also italic</em> and <code>npm test</code></p>',
    );
    expect(body('`<b>` and `**not bold**` and `@Alice Nguyen`', { mentions: [alice] })).toBe('<p><code>&lt;b&gt;</code> and <code>**not bold**</code> and <code>@Alice Nguyen</code></p>');
  });

  it('renders a fenced code block as typed: no formatting, links or mentions inside', () => {
    const block = body('Try this:\n```ts\nconst x = **1**; // <b> https://example.com @Alice Nguyen\n```', { mentions: [alice] });
    expect(block).toBe('<p>Try this:</p><pre class="markdown__block"><code>const x = **1**; // &lt;b&gt; https://example.com @Alice Nguyen</code></pre>');
  });

  it('renders quotes and lists, ordered ones from their first number', () => {
    expect(body('> Quoted from the ward')).toBe('<blockquote><p>Quoted from the ward</p></blockquote>');
    expect(body('- first\n- second')).toBe('<ul><li><p>first</p></li><li><p>second</p></li></ul>');
    expect(body('3. third\n4. fourth')).toBe('<ol start="3"><li><p>third</p></li><li><p>fourth</p></li></ol>');
  });

  it('keeps line breaks within a paragraph, and separates paragraphs', () => {
    expect(body('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p><p>three</p>');
  });

  it('shows what chat does not format as typed: headings, rules, indented code, images, link definitions', () => {
    expect(body('# Not a heading')).toBe('<p># Not a heading</p>');
    expect(body('above\n\n---')).toBe('<p>above</p><p>---</p>');
    expect(body('    indented prose')).toBe('<p>indented prose</p>');
    const image = body('![chart](https://example.com/chart.png)');
    expect(image).not.toContain('<img');
    expect(image).toContain('!<a href="https://example.com/chart.png"');
    // A link definition is the text typed (its address, like any typed address, a link).
    expect(body('[docs]: https://example.com/docs')).toMatch(/^<p>\[docs\]: <a href="https:\/\/example.com\/docs"[^>]*>https:\/\/example.com\/docs<\/a><\/p>$/);
  });
});

describe('links', () => {
  it('makes http(s) and mailto links, named by their text or, when bare, by the address', () => {
    expect(body('[the docs](https://example.com/docs)')).toBe('<p><a href="https://example.com/docs" title="https://example.com/docs" rel="noreferrer noopener">the docs</a></p>');
    expect(body('see https://example.org/page now')).toBe(
      '<p>see <a href="https://example.org/page" title="https://example.org/page" rel="noreferrer noopener">https://example.org/page</a> now</p>',
    );
    expect(body('<mailto:ward@example.com>')).toContain('<a href="mailto:ward@example.com"');
  });

  it('shows and opens the host a link really goes to: no user name before it', () => {
    expect(body('[bank](https://bank.example@evil.example/login)')).toContain('href="https://evil.example/login"');
  });

  it('never makes javascript:, data:, file: or vbscript: links: what was typed shows as text', () => {
    for (const text of ['[click me](javascript:alert(1))', '[data link](data:text/html,<script>alert(1)</script>)', '[file](file:///etc/passwd)', '<javascript:alert(1)>', '[x](vbscript:msgbox)', '[x](JaVaScRiPt:alert(1))']) {
      const rendered = body(text);
      expect(rendered, text).not.toContain('<a');
      expect(rendered, text).not.toContain('<script');
      expect(rendered, text).toBe(`<p>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</p>`);
    }
  });
});

describe('raw HTML', () => {
  it('shows as the text typed, inline and as a block', () => {
    expect(body('<b>not bold</b> <img src=x onerror=alert(1)>')).toBe('<p>&lt;b&gt;not bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(body('<script>alert(1)</script>\n<div onclick="x()">block</div>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;</p>');
    expect(body('<!-- a comment --> and <![CDATA[x]]>')).toBe('<p>&lt;!-- a comment --&gt; and &lt;![CDATA[x]]&gt;</p>');
  });

  it('stays text inside formatting, and entities show as typed characters', () => {
    expect(body('**<i>x</i>** &lt;b&gt;')).toBe('<p><strong>&lt;i&gt;x&lt;/i&gt;</strong> &lt;b&gt;</p>');
  });
});

describe('mentions, per viewer', () => {
  // One stored message, as the server keeps it: Alice and Bob mentioned by id.
  const stored = encodeMentions('@Alice Nguyen reviews, @Bob Alvarez drafts.', [alice, bob]).text;
  // Each viewer is sent the text with the names they see (src-backend ConversationViews does this).
  const asSentTo = (sees: (userId: string) => boolean) => ({
    text: renderMentions(stored, (userId) => (sees(userId) ? [alice, bob].find((candidate) => candidate.id === userId)!.displayName : UNKNOWN_USER)),
    mentions: [alice, bob].map((candidate) => (sees(candidate.id) ? candidate : unknown)),
  });

  it('shows @Name for people the viewer sees, a button to their card when it can open one', () => {
    const { text, mentions } = asSentTo(() => true);
    const rendered = body(text, { mentions, onOpenPerson: () => undefined });
    expect(rendered).toBe('<p><button type="button" class="mention mention--button">@Alice Nguyen</button> reviews, <button type="button" class="mention mention--button">@Bob Alvarez</button> drafts.</p>');
  });

  it('marks the mentions of the viewer themselves', () => {
    const { text, mentions } = asSentTo(() => true);
    const rendered = body(text, { mentions, viewerId: 'nw-alice' });
    expect(rendered).toContain('<span class="mention mention--me">@Alice Nguyen</span>');
    expect(rendered).toContain('<span class="mention">@Bob Alvarez</span>');
  });

  it('shows @UNKNOWN USER for people the viewer does not see, with nothing of theirs', () => {
    const { text, mentions } = asSentTo((userId) => userId !== 'fb-bob');
    const rendered = body(text, { mentions, viewerId: 'nw-alice' });
    expect(rendered).toMatch(/^<p><span class="mention mention--me">@Alice Nguyen<\/span> reviews, <span class="mention mention--unknown">@<span class="unknown-person"><span class="unknown-user"[^>]*>UNKNOWN USER<\/span>/);
    expect(rendered).not.toMatch(/Bob|Alvarez|fb-bob/);
  });

  it('is a mention only as a whole name, and formatting around it still applies', () => {
    const { text, mentions } = asSentTo(() => true);
    expect(body(`**${text}**`, { mentions })).toMatch(/^<p><strong><span class="mention">@Alice Nguyen<\/span> reviews/);
    expect(body('@Alice Nguyenx is not her', { mentions: [alice] })).toBe('<p>@Alice Nguyenx is not her</p>');
    expect(body('@Alice Nguyen', { mentions: [] })).toBe('<p>@Alice Nguyen</p>');
  });

  it('ignores the characters stored mentions are made of, should a text carry them', () => {
    expect(body('\uE000nw-alice\uE001 and \uE0000\uE001', { mentions: [alice] })).toBe('<p>nw-alice and 0</p>');
  });
});

describe('emoji and numbers', () => {
  it('draws emoji as the bundled pictures, the emoji being their alternative text', () => {
    expect(body('Ship it 🚀')).toBe('<p>Ship it <img class="emoji" src="./emoji/1f680.svg" alt="🚀" draggable="false" loading="lazy"/></p>');
  });

  it('offers a dialable number as a call, and puts "(edited)" at the end of the last paragraph', () => {
    const rendered = body('Call 415-555-0101\n\nthanks', { trailing: <span className="message__edited"> (edited)</span> });
    expect(rendered).toContain('<button type="button" class="link-button link-button--underlined" title="Call (415) 555-0101" aria-label="Call (415) 555-0101">415-555-0101</button>');
    expect(rendered).toMatch(/<p>thanks<span class="message__edited"> \(edited\)<\/span><\/p>$/);
  });
});

/** What a reader sees of some HTML: its text, entities read. */
const visibleText = (markup: string) =>
  markup
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

describe('whatever anyone sends (SPEC 8: one message cannot break anyone\'s screen)', () => {
  it('renders deep and pathological inputs of 10,000 characters, formatted or as plain text, without throwing and quickly', () => {
    const started = performance.now();
    for (const [name, text] of Object.entries(pathologicalInputs())) {
      let rendered = '';
      expect(() => (rendered = html(text)), name).not.toThrow();
      // Nothing typed is lost: every letter shows, formatted or not.
      const letters = (value: string) => value.replace(/[^a-z]/g, '').length;
      if (!/https?:|@|<http/.test(text)) expect(letters(visibleText(rendered)), name).toBe(letters(text));
    }
    // All of them together take a few hundred milliseconds at most; the micromark parser took
    // seconds for any one of several of them (and overflowed the stack on the nested ones).
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('formats the same text the same way whatever the load: the budget is in parser steps, which grow with the text alone', () => {
    // A busy machine: every reading of the clock is 100 ms after the last (the process is descheduled
    // between any two steps). A time budget gave up here, and the message stayed plain text.
    let clock = performance.now();
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 100));
    try {
      const release = parseMessage('Release notes: **bold**, _italic_ and `npm test`');
      expect(release?.children[0]).toMatchObject({ type: 'paragraph', children: expect.arrayContaining([{ type: 'strong', children: [{ type: 'text', value: 'bold' }] }]) });
      for (const [name, text] of Object.entries(pathologicalInputs(2_000))) {
        now.mockImplementation(() => clock);
        const quiet = JSON.stringify(parseMessage(text));
        now.mockImplementation(() => (clock += 100));
        expect(JSON.stringify(parseMessage(text)), name).toBe(quiet);
      }
    } finally {
      now.mockRestore();
    }
    // Every known pathological input is linear: its steps fit a budget of a few per character, at 2,000 and 12,000 characters alike.
    for (const [name, text] of Object.entries(pathologicalInputs(formattingLimits.maxLength))) {
      const tightest = formattingLimits.baseSteps + 2 * text.length;
      expect(parseMessage(text, tightest) !== null || parseMessage(text, Number.POSITIVE_INFINITY) === null, name).toBe(true);
    }
  });

  it('shows deeply nested quotes and lists as text past the nesting limit, rather than overflowing', () => {
    const quotes = body('> '.repeat(3_000) + 'deep');
    expect(quotes).toContain('deep');
    expect((quotes.match(/<blockquote>/g) ?? []).length).toBeLessThanOrEqual(formattingLimits.maxNesting);
    const lists = body('- '.repeat(3_000) + 'deep');
    expect(lists).toContain('deep');
    expect((lists.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(formattingLimits.maxNesting);
  });

  it('shows a text it is not given to parse as plain text: too long, or past the step budget', () => {
    const long = `**bold** ${'word '.repeat(formattingLimits.maxLength / 5)}`;
    expect(parseMessage(long)).toBeNull();
    expect(body(long)).toMatch(/^<p>\*\*bold\*\* word word/);
    // A budget already spent: the parser gives up at its first check.
    expect(parseMessage('**bold** and _more_', 0)).toBeNull();
    expect(parseMessage('**bold** and _more_')).not.toBeNull();
  });

  it('property: any text of Markdown\'s characters renders without throwing, keeping every letter typed', () => {
    const pieces = ['>', '> ', '- ', '* ', '1. ', '*', '**', '_', '[', ']', '(', ')', '<', '\\', '!', ' ', '  ', '\n', '\n\n', 'a', 'b c', '    ', '#', '---', '|'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 2_000 }), (parts) => {
        const text = parts.join('');
        const rendered = html(text);
        const letters = (value: string) => value.replace(/[^abc]/g, '').length;
        expect(letters(visibleText(rendered))).toBe(letters(text));
      }),
      { numRuns: 300 },
    );
  });

  it('property: code, links and emoji among them never throw either', () => {
    const pieces = ['`', '```', '~~~', '\n', ' ', 'a', '[x](https://a.example)', 'www.b.example', 'c@d.example', '<https://e.example>', '🚀', '4155550101', '&amp;', '&#35;', '*', '_', '>', '- '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 1_000 }), (parts) => {
        expect(() => html(parts.join(''))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

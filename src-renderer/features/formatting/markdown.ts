/**
 * Message text as Markdown (SPEC 7 "Formatting"), parsed by markdown-it (CommonMark, with bare
 * links found by linkify-it) into a small syntax tree that MessageMarkdown renders as React
 * elements: no HTML string is ever made or inserted.
 *
 * Chat needs bold, italic, code, fenced code blocks, quotes, lists and links. The parser is told
 * not to recognise the rest: raw HTML above all (`<b>` stays the four characters typed), and
 * headings, rules, indented code (people indent prose), images (nothing loads from elsewhere) and
 * link definitions, which chat writers type by accident far more often than on purpose.
 *
 * Anyone may send anything (SPEC 8: one message must not break another person's screen), so what
 * the parser is given is bounded: markdown-it works in time linear in the text (micromark, used
 * before, took seconds on 10,000 characters of `*a` or `[a` and overflowed the stack on a few
 * thousand nested `>`); a text longer than `formattingLimits.maxLength`, nested deeper than
 * `maxNesting` or making more than `maxNodes` elements is not formatted; and a parse that takes
 * more steps than its budget is abandoned. Whatever is not formatted shows as plain text.
 *
 * The budget counts the parser's steps (each block, each place the inline parser stops at), not
 * milliseconds: the same text is formatted the same way on every machine and under any load. A
 * time budget (50 ms) was not: on a busy machine a short message now and then came out as plain
 * text, and stayed so (the parsed tree is cached) — what made the formatting e2e test flaky.
 * markdown-it's steps grow in proportion to the text on every pathological input known
 * (pathologicalInputs.ts: at most 1.5 per character, at 2,000 and at 12,000 characters alike), so a
 * budget of a few steps per character lets every linear parse finish and stops one that is not.
 */
import markdownIt, { type MarkdownIt, type StateBlock, type StateCore, type StateInline, type Token } from 'markdown-it';
import { honestLink, isAllowedExternalUrl } from '../../../src-shared/domain/externalUrl';

/** What formatting a message may cost; past any of these it shows as plain text. */
export const formattingLimits = {
  /** Characters (a message holds at most 10,000; mentions shown as names may add a little). */
  maxLength: 12_000,
  /**
   * Levels of quotes, lists, their items and paragraphs, links and emphasis inside one another
   * (a list item's bold text is 4 levels down): deeper, and the text shows as plain text.
   */
  maxNesting: 20,
  /**
   * Elements of the tree (paragraphs, emphasis, links, breaks, pieces of text): each becomes a
   * React element, and thousands of them take long to render; past this, plain text.
   */
  maxNodes: 1_000,
  /**
   * Parsing one text, in the parser's steps: this many per character, plus `baseSteps`. The worst
   * input known takes 1.5 per character; a parse that takes more than this is not linear.
   */
  stepsPerCharacter: 4,
  baseSteps: 200,
};

/** The syntax tree of a message: only what chat formats. */
export type MessageNode =
  | { type: 'paragraph' | 'strong' | 'emphasis' | 'blockquote' | 'listItem'; children: MessageNode[] }
  | { type: 'list'; ordered: boolean; start: number | null; children: MessageNode[] }
  | { type: 'link'; url: string; autolink: boolean; children: MessageNode[] }
  | { type: 'text' | 'inlineCode' | 'code'; value: string }
  | { type: 'softBreak' | 'break' };

/** A message's blocks. */
export interface MessageTree {
  children: MessageNode[];
}

/** CommonMark constructs turned off for messages (markdown-it's rule names). */
export const disabledRules = ['heading', 'lheading', 'hr', 'code', 'image', 'reference', 'html_block', 'html_inline'];

class OverBudget extends Error {}
class TooManyNodes extends Error {}

type BudgetEnv = {
  /** Checks passed so far, and how many the text may take. */
  steps: number;
  maxSteps: number;
};

const overBudget = (env: unknown) => {
  const budget = env as BudgetEnv;
  return ++budget.steps > budget.maxSteps;
};

function createParser(): MarkdownIt {
  const parser = markdownIt('commonmark', { html: false, linkify: true, maxNesting: formattingLimits.maxNesting });
  parser.enable('linkify').disable(disabledRules);
  // Addresses without a scheme are looked for; only those starting `www.` stay links (see `unlinked`).
  parser.linkify.set({ fuzzyLink: true });
  // javascript:, data:, file: and the like are never links: what was typed stays as text.
  parser.validateLink = (url) => isAllowedExternalUrl(honestLink(url));
  // The time budget, checked between the parser's stages, at each block and at each character
  // the inline parser stops at (never per ordinary character).
  const check = (state: StateCore | StateBlock | StateInline) => {
    if (overBudget(state.env)) throw new OverBudget();
    return false;
  };
  parser.core.ruler.after('block', 'budget_after_block', (state) => void check(state));
  parser.core.ruler.push('budget_at_end', (state) => void check(state));
  parser.block.ruler.before('blockquote', 'budget', (state) => check(state));
  parser.inline.ruler.after('text', 'budget', (state) => check(state));
  // linkify-it builds its patterns on first use, and the first parse is slow: at start, not inside a message's budget.
  parser.parse('**a** _b_ [c](https://d.example) www.e.example f@g.example `h`\n> i\n- j\n1. k\n```\nl\n```', { steps: 0, maxSteps: Number.POSITIVE_INFINITY });
  return parser;
}

const parser = createParser();

/** Bare addresses become links as GitHub has them: with a scheme, `www.` or as an email, not every word with a dot ("notes.md"). */
const isLinkLike = (text: string) => /^(?:[a-z][a-z0-9+.-]*:|www\.|\/\/)/i.test(text) || text.includes('@');

/** A link that linkify-it found in a word without a scheme or `www.`: its text again. */
function unlinked(node: MessageNode): MessageNode[] {
  if (node.type !== 'link' || !node.autolink) return [node];
  const text = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
  return isLinkLike(text) ? [node] : node.children;
}

/** The block and inline tokens of markdown-it as a tree (its `*_open`/`*_close` pairs nest). */
function treeOf(tokens: readonly Token[], counter = { nodes: 0 }): MessageNode[] {
  const root: MessageNode[] = [];
  const stack: MessageNode[][] = [root];
  const push = (node: MessageNode) => {
    if (++counter.nodes > formattingLimits.maxNodes) throw new TooManyNodes();
    stack.at(-1)!.push(node);
  };
  const open = (node: MessageNode & { children: MessageNode[] }) => {
    push(node);
    stack.push(node.children);
  };
  for (const token of tokens) {
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
      if (token.type === 'link_close') {
        const parent = stack.at(-1)!;
        parent.push(...unlinked(parent.pop()!));
      }
      continue;
    }
    switch (token.type) {
      case 'paragraph_open':
        open({ type: 'paragraph', children: [] });
        break;
      case 'blockquote_open':
        open({ type: 'blockquote', children: [] });
        break;
      case 'bullet_list_open':
        open({ type: 'list', ordered: false, start: null, children: [] });
        break;
      case 'ordered_list_open': {
        const start = Number(token.attrGet('start') ?? 1);
        open({ type: 'list', ordered: true, start: Number.isSafeInteger(start) ? start : 1, children: [] });
        break;
      }
      case 'list_item_open':
        open({ type: 'listItem', children: [] });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'link_open': {
        const autolink = token.markup === 'linkify' || token.markup === 'autolink';
        open({ type: 'link', url: String(token.attrGet('href') ?? ''), autolink, children: [] });
        break;
      }
      case 'inline':
        for (const node of treeOf(token.children ?? [], counter)) stack.at(-1)!.push(node);
        break;
      case 'text':
      case 'text_special':
        push({ type: 'text', value: token.content });
        break;
      case 'code_inline':
        push({ type: 'inlineCode', value: token.content });
        break;
      case 'fence':
        push({ type: 'code', value: token.content.replace(/\n$/, '') });
        break;
      case 'softbreak':
        push({ type: 'softBreak' });
        break;
      case 'hardbreak':
        push({ type: 'break' });
        break;
      default:
        // Anything else the parser might make shows as the text it holds.
        if (token.content) push({ type: 'text', value: token.content });
    }
  }
  return root;
}

/** How deep the tokens go, inline ones counted from their block's level. */
function deepestLevel(tokens: readonly Token[], base = 0): number {
  let deepest = 0;
  for (const token of tokens) {
    deepest = Math.max(deepest, base + token.level, token.children ? deepestLevel(token.children, base + token.level + 1) : 0);
  }
  return deepest;
}

/** The syntax tree of a message's text, or null when it is to show as plain text (too long, too deep, too many parts, too slow). */
export function parseMessage(text: string, maxSteps = formattingLimits.baseSteps + formattingLimits.stepsPerCharacter * text.length): MessageTree | null {
  if (text.length > formattingLimits.maxLength) return null;
  const env: BudgetEnv = { steps: 0, maxSteps };
  try {
    const tokens = parser.parse(text, env);
    // markdown-it stops reading blocks at its nesting limit (what is deeper is dropped, not shown):
    // a text that comes near it shows as plain text instead, every character of it.
    if (deepestLevel(tokens) >= formattingLimits.maxNesting - 1) return null;
    return { children: treeOf(tokens) };
  } catch (error) {
    if (error instanceof OverBudget || error instanceof TooManyNodes || error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * A message's words without their formatting, for a one-line excerpt (a list of pinned messages):
 * what the reader sees in the log, with no `>`, `**` or list markers. Blocks and breaks become
 * spaces. A text the parser gives up on (too long, too deep) is returned as written.
 */
export function plainTextOf(text: string): string {
  const tree = parseMessage(text);
  if (!tree) return text;
  const parts: string[] = [];
  const walk = (node: MessageNode): void => {
    if ('value' in node) parts.push(node.value);
    else if (!('children' in node)) parts.push(' ');
    else {
      for (const child of node.children) walk(child);
      if (node.type === 'paragraph' || node.type === 'listItem' || node.type === 'blockquote' || node.type === 'list') parts.push(' ');
    }
  };
  for (const node of tree.children) walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * Message text as Markdown (SPEC 7 "Formatting"), parsed by micromark (mdast-util-from-markdown,
 * CommonMark, with GitHub's bare-link extension) into a syntax tree that MessageMarkdown renders
 * as React elements: no HTML string is ever made or inserted.
 *
 * Chat needs bold, italic, code, fenced code blocks, quotes, lists and links. The parser is told
 * not to recognise the rest: raw HTML above all (`<b>` stays the four characters typed), and
 * headings, rules, indented code (people indent prose), images (nothing loads from elsewhere) and
 * link definitions, which chat writers type by accident far more often than on purpose.
 */
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';

/** CommonMark constructs turned off for messages (micromark's names). */
export const disabledConstructs = ['htmlFlow', 'htmlText', 'headingAtx', 'setextUnderline', 'thematicBreak', 'codeIndented', 'labelStartImage', 'definition'];

const extensions = [gfmAutolinkLiteral(), { disable: { null: disabledConstructs } }];
const mdastExtensions = [gfmAutolinkLiteralFromMarkdown()];

/** The syntax tree of a message's text. */
export function parseMessage(text: string): Root {
  return fromMarkdown(text, { extensions, mdastExtensions });
}

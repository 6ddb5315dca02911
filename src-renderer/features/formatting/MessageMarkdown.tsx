/**
 * A message's text, formatted (SPEC 7): the syntax tree of ./markdown.ts as React elements. Links
 * open only through the app's allowlist (shown and opened as `honestLink` has them; any other
 * scheme shows as the text that was typed), valid 10-digit numbers are offered as calls, emoji
 * are drawn as the bundled Twemoji pictures, and the people the message mentions show as `@Name` (their
 * card on a click) or `@UNKNOWN USER`. A text the parser is not given (too long, too slow: see
 * markdown.ts) shows as plain text, with its mentions, emoji and numbers all the same.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import { findDialableNumbers } from '../../../src-shared/domain/dialString';
import { honestLink, isAllowedExternalUrl } from '../../../src-shared/domain/externalUrl';
import { splitBroadcastMentions, withoutMentionMarkers } from '../../../src-shared/domain/mentions';
import type { LabelRef } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { CallNumberButton } from '../calling/CallNumberButton';
import { splitEmoji } from '../../../src-shared/domain/emoji';
import { Emoji } from '../emoji/EmojiText';
import { Mention } from '../mentions/Mention';
import { parseMessage, type MessageNode, type MessageTree } from './markdown';
import './formatting.css';

/** Where a mention sits in the text handed to the parser: private-use characters no Markdown rule touches. */
const placeholder = (index: number) => `\uE000${index}\uE001`;
const placeholders = /\uE000(\d+)\uE001/g;

/** The text with each `@Name` of the people it mentions (longest names first) in place of a placeholder, and who each one is. */
export function markMentions(text: string, mentions: readonly LabelRef[]): { text: string; people: LabelRef[] } {
  let marked = withoutMentionMarkers(text);
  const people: LabelRef[] = [];
  const byName = [...mentions].sort((a, b) => b.displayName.length - a.displayName.length);
  for (const person of byName) {
    const name = `@${person.displayName}`;
    let from = 0;
    for (let at = marked.indexOf(name, from); at !== -1; at = marked.indexOf(name, from)) {
      const after = marked[at + name.length];
      if (after !== undefined && /[\p{L}\p{N}_]/u.test(after)) {
        from = at + name.length;
        continue;
      }
      // Every unknown person reads the same; each gets the reference of the next one the message mentions.
      const unknown = person.kind === 'unknown' ? mentions.filter((candidate) => candidate.kind === 'unknown') : [];
      const who = person.kind === 'unknown' ? (unknown[Math.min(people.filter((candidate) => candidate.kind === 'unknown').length, unknown.length - 1)] ?? person) : person;
      const mark = placeholder(people.length);
      people.push(who);
      marked = marked.slice(0, at) + mark + marked.slice(at + name.length);
      from = at + mark.length;
    }
  }
  return { text: marked, people };
}

interface RenderContext {
  people: LabelRef[];
  /** What is left of the message's emoji pictures and numbers offered as calls (see `perMessage`). */
  left: { pictures: number; numbers: number };
  /** Who reads it: their own mentions are marked. */
  viewerId?: string;
  onOpenPerson?: (userId: string) => void;
  /** A channel's message: its `@here` and `@channel` mention the reader too, and show so. */
  broadcasts: boolean;
}

/** Plain text: mentions, emoji, and numbers offered as calls. */
function renderText(text: string, context: RenderContext, key: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(placeholders)) {
    parts.push(...renderWords(text.slice(at, match.index), context, `${key}-${at}`));
    const person = context.people[Number(match[1])];
    parts.push(
      person ? <Mention key={`${key}-m${match.index}`} person={person} mine={person.kind === 'person' && person.id === context.viewerId} onOpenPerson={context.onOpenPerson} /> : null,
    );
    at = match.index + match[0].length;
  }
  parts.push(...renderWords(text.slice(at), context, `${key}-${at}`));
  return parts;
}

/**
 * What one message may show as pictures and buttons: thousands of them take long to render, and a
 * text of hundreds of numbers is a table to read, not to call. The rest shows as the characters typed.
 */
const perMessage = { pictures: 300, numbers: 20 };
/** Longer pieces of text are not searched for numbers (finding them costs). */
const maxTextSearchedForNumbers = 2_000;

/** Words with `@here` and `@channel` highlighted in a channel (SPEC 9), the rest as `renderPlainWords`. */
function renderWords(text: string, context: RenderContext, key: string): ReactNode[] {
  if (!context.broadcasts || !text.includes('@')) return renderPlainWords(text, context, key);
  let at = 0;
  return splitBroadcastMentions(text).flatMap((part): ReactNode[] => {
    const partKey = `${key}-b${at}`;
    at += part.text.length;
    return part.broadcast ? [<span key={partKey} className="mention mention--me">{part.text}</span>] : renderPlainWords(part.text, context, partKey);
  });
}

/** Words with their dialable numbers offered as calls and their emoji as the bundled pictures. */
function renderPlainWords(text: string, context: RenderContext, key: string): ReactNode[] {
  if (text === '') return [];
  const parts: ReactNode[] = [];
  let at = 0;
  const numbers = context.left.numbers <= 0 || text.length > maxTextSearchedForNumbers ? [] : findDialableNumbers(text).slice(0, context.left.numbers);
  context.left.numbers -= numbers.length;
  for (const number of numbers) {
    parts.push(renderEmoji(text.slice(at, number.start), context, `${key}-${at}`));
    parts.push(
      <CallNumberButton key={`${key}-n${number.start}`} e164={number.e164}>
        {text.slice(number.start, number.end)}
      </CallNumberButton>,
    );
    at = number.end;
  }
  parts.push(renderEmoji(text.slice(at), context, `${key}-end`));
  return parts;
}

/** Text with its emoji as the bundled pictures, while the message has pictures left; else as typed. */
function renderEmoji(text: string, context: RenderContext, key: string): ReactNode {
  if (text === '') return null;
  if (context.left.pictures <= 0) return <Fragment key={key}>{text}</Fragment>;
  const parts = splitEmoji(text);
  if (parts.length === 1 && !parts[0]!.emoji) return <Fragment key={key}>{text}</Fragment>;
  return (
    <Fragment key={key}>
      {parts.map((part, index) => (part.emoji && context.left.pictures-- > 0 ? <Emoji key={index} emoji={part.text} /> : part.text))}
    </Fragment>
  );
}

/** Code as typed: a mention in it is plain `@Name` (or `@UNKNOWN USER`), not a mention to click. */
function codeText(value: string, context: RenderContext): string {
  return value.replace(placeholders, (_match, index: string) => `@${context.people[Number(index)]?.displayName ?? ''}`);
}

function children(node: { children: MessageNode[] }, context: RenderContext, key: string): ReactNode[] {
  return node.children.map((child, index) => renderNode(child, context, `${key}.${index}`));
}

function renderNode(node: MessageNode, context: RenderContext, key: string): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p key={key}>{children(node, context, key)}</p>;
    case 'text':
      return <Fragment key={key}>{renderText(node.value, context, key)}</Fragment>;
    case 'softBreak':
      return '\n';
    case 'strong':
      return <strong key={key}>{children(node, context, key)}</strong>;
    case 'emphasis':
      return <em key={key}>{children(node, context, key)}</em>;
    case 'inlineCode':
      return <code key={key}>{codeText(node.value, context)}</code>;
    case 'code':
      return (
        <pre key={key} className="markdown__block">
          <code>{codeText(node.value, context)}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{children(node, context, key)}</blockquote>;
    case 'list':
      return node.ordered ? (
        <ol key={key} start={node.start ?? undefined}>
          {children(node, context, key)}
        </ol>
      ) : (
        <ul key={key}>{children(node, context, key)}</ul>
      );
    case 'listItem':
      return <li key={key}>{children(node, context, key)}</li>;
    case 'break':
      return <br key={key} />;
    case 'link': {
      const href = honestLink(node.url);
      // The parser makes no other links; should one come, it is its text and nothing more.
      if (!isAllowedExternalUrl(href)) return <Fragment key={key}>{children(node, context, key)}</Fragment>;
      return (
        <a
          key={key}
          href={href}
          title={href}
          rel="noreferrer noopener"
          onClick={(event) => {
            event.preventDefault();
            void getApi().openExternal(href);
          }}
        >
          {node.autolink ? href : children(node, context, key)}
        </a>
      );
    }
  }
}

export interface MessageMarkdownProps {
  /** The text as this viewer is sent it (mentions as `@Name` or `@UNKNOWN USER`). */
  text: string;
  /** The people it mentions, as this viewer sees them. */
  mentions?: readonly LabelRef[];
  /** The viewer's id: mentions of them are marked. */
  viewerId?: string;
  /** Goes at the end of the last paragraph, such as "(edited)". */
  trailing?: ReactNode;
  /** A click on a mention of someone the viewer sees. */
  onOpenPerson?: (userId: string) => void;
  /** A channel's message: `@here` and `@channel` show as mentions of the reader. */
  broadcasts?: boolean;
}

/** Parsed texts, newest last: a list scrolled back and forth mounts the same messages again. */
const parsed = new Map<string, MessageTree>();
const maxParsed = 500;

/** The tree of a text, from the cache or the parser; plain text as one paragraph when the parser is not given it. */
function parsedMessage(text: string): MessageTree {
  const cached = parsed.get(text);
  if (cached) {
    parsed.delete(text);
    parsed.set(text, cached);
    return cached;
  }
  const tree = parseMessage(text) ?? { children: text === '' ? [] : [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] };
  parsed.set(text, tree);
  if (parsed.size > maxParsed) parsed.delete(parsed.keys().next().value!);
  return tree;
}

/** The formatted text of a message. What it shows depends on its props alone. */
export function MessageMarkdown({ text, mentions = [], viewerId, trailing, onOpenPerson, broadcasts = false }: MessageMarkdownProps) {
  const marked = useMemo(() => markMentions(text, mentions), [text, mentions]);
  const tree = useMemo<MessageTree>(() => parsedMessage(marked.text), [marked.text]);
  const context: RenderContext = { people: marked.people, left: { ...perMessage }, viewerId, onOpenPerson, broadcasts };
  const blocks = tree.children.map((node, index) => {
    const rendered = renderNode(node, context, String(index));
    if (index !== tree.children.length - 1 || node.type !== 'paragraph' || !trailing) return rendered;
    return (
      <p key={String(index)}>
        {children(node, context, String(index))}
        {trailing}
      </p>
    );
  });
  const endsInParagraph = tree.children.at(-1)?.type === 'paragraph';
  return (
    <div className="message__text markdown">
      {blocks}
      {trailing && !endsInParagraph && <p>{trailing}</p>}
    </div>
  );
}

/**
 * A message's text, formatted (SPEC 7): the syntax tree of ./markdown.ts as React elements. Links
 * open only through the app's allowlist (shown and opened as `honestLink` has them; any other
 * scheme shows as the text that was typed), valid 10-digit numbers are offered as calls, emoji
 * are drawn as the bundled Twemoji pictures, and the people the message mentions show as `@Name` (their
 * card on a click) or `@UNKNOWN USER`.
 */
import type { Nodes, Parents, Root } from 'mdast';
import { Fragment, useMemo, type ReactNode } from 'react';
import { findDialableNumbers } from '../../../src-shared/domain/dialString';
import { honestLink, isAllowedExternalUrl } from '../../../src-shared/domain/externalUrl';
import { withoutMentionMarkers } from '../../../src-shared/domain/mentions';
import type { LabelRef } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { CallNumberButton } from '../calling/CallNumberButton';
import { EmojiText } from '../emoji/EmojiText';
import { Mention } from '../mentions/Mention';
import { parseMessage } from './markdown';
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
  source: string;
  people: LabelRef[];
  /** Who reads it: their own mentions are marked. */
  viewerId?: string;
  onOpenPerson?: (userId: string) => void;
}

/** Plain text: mentions, emoji, and numbers offered as calls. */
function renderText(text: string, context: RenderContext, key: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(placeholders)) {
    parts.push(...renderWords(text.slice(at, match.index), `${key}-${at}`));
    const person = context.people[Number(match[1])];
    parts.push(
      person ? <Mention key={`${key}-m${match.index}`} person={person} mine={person.kind === 'person' && person.id === context.viewerId} onOpenPerson={context.onOpenPerson} /> : null,
    );
    at = match.index + match[0].length;
  }
  parts.push(...renderWords(text.slice(at), `${key}-${at}`));
  return parts;
}

/** Words with their dialable numbers offered as calls and their emoji as the bundled pictures. */
function renderWords(text: string, key: string): ReactNode[] {
  if (text === '') return [];
  const parts: ReactNode[] = [];
  let at = 0;
  for (const number of findDialableNumbers(text)) {
    parts.push(<EmojiText key={`${key}-${at}`} text={text.slice(at, number.start)} />);
    parts.push(
      <CallNumberButton key={`${key}-n${number.start}`} e164={number.e164}>
        {text.slice(number.start, number.end)}
      </CallNumberButton>,
    );
    at = number.end;
  }
  parts.push(<EmojiText key={`${key}-end`} text={text.slice(at)} />);
  return parts;
}

/** Code as typed: a mention in it is plain `@Name` (or `@UNKNOWN USER`), not a mention to click. */
function codeText(value: string, context: RenderContext): string {
  return value.replace(placeholders, (_match, index: string) => `@${context.people[Number(index)]?.displayName ?? ''}`);
}

/** What was typed for a node rendered as text (a heading's `#`, a link to a scheme that is not allowed). */
function sourceOf(node: Nodes, context: RenderContext): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : context.source.slice(start, end);
}

function children(node: Parents, context: RenderContext, key: string): ReactNode[] {
  return node.children.map((child, index) => renderNode(child, context, `${key}.${index}`));
}

function renderNode(node: Nodes, context: RenderContext, key: string): ReactNode {
  switch (node.type) {
    case 'root':
      return <Fragment key={key}>{children(node, context, key)}</Fragment>;
    case 'paragraph':
      return <p key={key}>{children(node, context, key)}</p>;
    case 'text':
      return <Fragment key={key}>{renderText(node.value, context, key)}</Fragment>;
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
      // javascript:, data:, file: and the like are never links: what was typed shows as text.
      if (!isAllowedExternalUrl(href)) return <Fragment key={key}>{renderText(sourceOf(node, context), context, key)}</Fragment>;
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
          {isAutolink(node) ? href : children(node, context, key)}
        </a>
      );
    }
    default:
      // Anything the parser still builds that chat does not format (raw HTML, should it ever come) shows as typed.
      return <Fragment key={key}>{renderText(sourceOf(node, context), context, key)}</Fragment>;
  }
}

/** A bare link (or `<…>`): its text is the address itself, shown as honestLink has it. */
function isAutolink(node: Extract<Nodes, { type: 'link' }>): boolean {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  return only?.type === 'text' && (only.value === node.url || `mailto:${only.value}` === node.url || `http://${only.value}` === node.url);
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
}

/** The formatted text of a message. What it shows depends on its props alone. */
export function MessageMarkdown({ text, mentions = [], viewerId, trailing, onOpenPerson }: MessageMarkdownProps) {
  const marked = useMemo(() => markMentions(text, mentions), [text, mentions]);
  const tree = useMemo<Root>(() => parseMessage(marked.text), [marked.text]);
  const context: RenderContext = { source: marked.text, people: marked.people, viewerId, onOpenPerson };
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

/**
 * How a conversation's messages are laid out (SPEC 7 "Reading position"): a day separator
 * where the local date changes, the `New messages` divider before the first unread message,
 * and a message that closely follows another of the same person shown as its continuation.
 */
import type { MessageView, LabelRef } from '../../../src-shared/protocol/model';
import { formatDate } from '../time/dateTimeFormat';

/** How close in time two messages of one person must be to read as one group. */
export const groupWindowMs = 5 * 60_000;

export interface MessageLayout {
  /** A day separator goes before it, saying this. */
  day: string | null;
  /** The `New messages` divider goes before it. */
  firstUnread: boolean;
  /** It continues the previous message's group: no avatar, no name. */
  continued: boolean;
}

export interface LayoutOptions {
  /** The sequence number read up to when the conversation was opened; null for no divider. */
  readMarker: number | null;
  /** Whether a message after the marker counts as unread (not one's own, not a quiet notice). */
  countsAsUnread: (message: MessageView) => boolean;
  now: Date;
  locale?: string;
}

function sameAuthor(a: LabelRef, b: LabelRef): boolean {
  return a.kind === 'person' ? b.kind === 'person' && a.id === b.id : b.kind === 'unknown' && a.token === b.token;
}

function localDay(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** `Today`, `Yesterday`, `Monday, November 23`, or with the year when it is not this one. */
export function dayLabel(date: Date, now: Date, locale?: string): string {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (localDay(date) === localDay(now)) return 'Today';
  if (localDay(date) === localDay(yesterday)) return 'Yesterday';
  return formatDate(date, { weekday: 'long', month: 'long', day: 'numeric', ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) }, locale);
}

export function layoutMessages(messages: readonly MessageView[], options: LayoutOptions): MessageLayout[] {
  const { readMarker, countsAsUnread, now, locale } = options;
  const firstUnread = readMarker === null ? -1 : messages.findIndex((message) => message.seq > readMarker && countsAsUnread(message));
  return messages.map((message, index) => {
    const previous = messages[index - 1];
    const date = new Date(message.createdAt);
    const day = !previous || localDay(new Date(previous.createdAt)) !== localDay(date) ? dayLabel(date, now, locale) : null;
    const continued =
      previous !== undefined &&
      day === null &&
      index !== firstUnread &&
      message.notice === null &&
      previous.notice === null &&
      sameAuthor(previous.author, message.author) &&
      date.getTime() - new Date(previous.createdAt).getTime() < groupWindowMs;
    return { day, firstUnread: index === firstUnread, continued };
  });
}

/** A quiet notice in the log (SPEC 7): who joined, left, was added, renamed the channel, scheduled a meeting. */
import { CalendarDays, Info, LogIn, LogOut, Pencil, UserPlus } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import type { ConversationNotice, MessageView, LabelRef } from '../../../src-shared/protocol/model';
import { formatMeetingStart } from '../calling/format';
import { PersonName } from '../people/PersonBadges';
import { MessageTime } from './MessageRow';
import { MessageBoundary } from '../shell/Boundary';

/** "A", "A and B", "A, B and C". */
function people(list: LabelRef[]): ReactNode {
  return list.map((person, index) => (
    <Fragment key={index}>
      {index > 0 && (index === list.length - 1 ? ' and ' : ', ')}
      <PersonName person={person} marked={false} />
    </Fragment>
  ));
}

function describe(notice: ConversationNotice): { icon: ReactNode; text: ReactNode } {
  switch (notice.kind) {
    case 'joined':
      return { icon: <LogIn size={16} aria-hidden="true" />, text: ' joined the channel.' };
    case 'left':
      return { icon: <LogOut size={16} aria-hidden="true" />, text: ' left the channel.' };
    case 'added':
      return { icon: <UserPlus size={16} aria-hidden="true" />, text: <> added {people(notice.people)}.</> };
    case 'renamed':
      return { icon: <Pencil size={16} aria-hidden="true" />, text: ` renamed the channel from #${notice.from} to #${notice.to}.` };
    case 'named':
      return { icon: <Pencil size={16} aria-hidden="true" />, text: notice.name === null ? ' cleared the chat’s name.' : ` named the chat “${notice.name}”.` };
    case 'topic':
      return { icon: <Info size={16} aria-hidden="true" />, text: notice.topic ? ` set the topic: “${notice.topic}”.` : ' cleared the topic.' };
    case 'meeting-scheduled':
      return {
        icon: <CalendarDays size={16} aria-hidden="true" />,
        text: (
          <>
            {' '}
            scheduled a meeting: <strong>{notice.title}</strong>, {formatMeetingStart(notice.startsAt)}, {notice.durationMinutes} minutes. Join it from Meetings.
          </>
        ),
      };
    default:
      return missingNotice(notice);
  }
}

function missingNotice(notice: never): never {
  throw new Error(`Unhandled notice ${JSON.stringify(notice)}`);
}

/** A notice in its own error boundary, as every message is (SPEC 8). */
export function NoticeRow(props: { message: MessageView; notice: ConversationNotice }) {
  return (
    <MessageBoundary resetKeys={[props.message]}>
      <NoticeRowContent {...props} />
    </MessageBoundary>
  );
}

function NoticeRowContent({ message, notice }: { message: MessageView; notice: ConversationNotice }) {
  const { icon, text } = describe(notice);
  return (
    <p className={`notice-row notice-row--${notice.kind}`}>
      <span className="notice-row__icon">{icon}</span>
      <span className="notice-row__text">
        <PersonName person={message.author} marked={false} />
        {text}
      </span>
      <MessageTime at={message.createdAt} />
    </p>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/appStore';
import { formatMeetingStart, ownTimeZone } from '../calling/format';
import { Dialog } from '../shell/Dialog';

/** `yyyy-MM-ddTHH:mm` in local time, as a datetime-local field reads and writes it. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The next quarter hour from now. */
function nextQuarterHour(): Date {
  const date = new Date();
  date.setSeconds(0, 0);
  date.setMinutes(Math.ceil((date.getMinutes() + 1) / 15) * 15);
  return date;
}

const durations = [15, 30, 45, 60, 90, 120];

/** `Schedule meeting`: title, start, duration, in a channel (given, or chosen here). */
export function ScheduleMeetingDialog({ conversationId, onClose }: { conversationId?: string; onClose: () => void }) {
  const scheduleMeeting = useAppStore((state) => state.scheduleMeeting);
  const channels = useAppStore(useShallow((state) => state.conversations.filter((conversation) => conversation.kind === 'channel')));
  const [channelId, setChannelId] = useState(conversationId ?? '');
  const [title, setTitle] = useState('');
  const [start, setStart] = useState(() => localInputValue(nextQuarterHour()));
  const [duration, setDuration] = useState(30);
  const [error, setError] = useState<string | null>(null);
  const loadConversations = useAppStore((state) => state.loadConversations);
  const noChannels = channels.length === 0;
  const startsAt = new Date(start);
  const startKnown = !Number.isNaN(startsAt.getTime());

  // Opened from the Meetings section before the chat list was ever loaded.
  useEffect(() => {
    if (noChannels) void loadConversations();
  }, [noChannels, loadConversations]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!channelId) return setError('Choose the channel the meeting is for.');
    if (!startKnown) return setError('Choose when the meeting starts.');
    const problem = await scheduleMeeting({ conversationId: channelId, title, startsAt: startsAt.toISOString(), durationMinutes: duration });
    if (problem) setError(problem);
    else onClose();
  };

  return (
    <Dialog title="Schedule meeting" onClose={onClose}>
      <form className="schedule-meeting" onSubmit={(event) => void submit(event)}>
        {!conversationId && (
          <label className="field">
            <span>Channel</span>
            <select value={channelId} onChange={(event) => setChannelId(event.target.value)} required>
              <option value="">Choose a channel</option>
              {channels.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  # {channel.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Title</span>
          <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={120} required autoFocus />
        </label>
        <label className="field">
          <span>Start</span>
          <input type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} required aria-describedby="schedule-meeting-zone" />
        </label>
        {/* Whose clock the start is on: the viewer's own; everyone invited sees it in theirs. */}
        <p id="schedule-meeting-zone" className="muted field__hint schedule-meeting__zone">
          {startKnown ? `${formatMeetingStart(startsAt.toISOString())}, your time (${ownTimeZone()}).` : `Your time zone: ${ownTimeZone()}.`} Everyone sees it in their own time.
        </p>
        <label className="field">
          <span>Duration</span>
          <select value={duration} onChange={(event) => setDuration(Number(event.target.value))}>
            {durations.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hour${minutes === 60 ? '' : 's'}`}
              </option>
            ))}
          </select>
        </label>
        {error && <p role="alert">{error}</p>}
        <div className="dialog__actions">
          <button type="submit" className="button button--primary">
            Schedule
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

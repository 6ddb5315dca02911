import { LogOut, MicOff, MonitorUp } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import type { MeetingParticipant } from '../../../src-shared/protocol/meetingProtocol';
import { MediaToggles, MediaVideo, RemoteAudio, useLocalMedia } from '../../media';
import { useAppStore } from '../../store/appStore';
import { selectCurrentMeeting } from '../../store/meetingsSlice';
import { PersonAvatar, personKey, PersonName } from '../people/PersonBadges';
import { composerElement } from '../chat/composerElement';
import { useMeetingMediaSession } from './meetingMediaController';
import type { MeetingMediaSession, MeetingMediaSnapshot, RemoteParticipant } from './meetingMediaSession';

const noMedia: MeetingMediaSnapshot = { remotes: [], speaking: null, problem: null };
const noSubscription = () => () => undefined;

/**
 * `Meeting`: the meeting this client is in — a tile per participant (their camera or screen, else
 * their avatar; the one speaking outlined; muted marked), `Participants` live (UNKNOWN USER for
 * people not seen, `muted` for the muted), the toggles `Mute`, `Camera`, `Share screen` and
 * `Devices`, and `Leave`. Everyone's voice plays on the speaker chosen in `Devices`.
 */
export function MeetingRegion() {
  const meeting = useAppStore(selectCurrentMeeting);
  const me = useAppStore((state) => state.me);
  const leaveMeeting = useAppStore((state) => state.leaveMeeting);
  const showCard = useAppStore((state) => state.showCard);
  const session = useMeetingMediaSession();
  const media = useSyncExternalStore(session?.subscribe ?? noSubscription, session?.getSnapshot ?? (() => noMedia));
  if (!meeting) return null;
  const remoteOf = (person: MeetingParticipant) => media.remotes.find((remote) => personKey(remote.participant) === personKey(person));
  const others = meeting.participants.filter((person) => person.kind === 'unknown' || person.id !== me?.id);
  const speakingKey = (person: MeetingParticipant) => (media.speaking === 'self' ? person === self : media.speaking !== null && media.speaking === remoteOf(person)?.feed);
  const self = meeting.participants.find((person) => person.kind === 'person' && person.id === me?.id);
  return (
    <section aria-label="Meeting" className="meeting dock-item">
      <div className="dock-item__what">
        <strong className="dock-item__title" title={meeting.title}>
          {meeting.title}
        </strong>
        <span className="muted dock-item__detail">
          {meeting.conversationKind === 'channel' ? `# ${meeting.conversationTitle}` : `with ${meeting.conversationTitle}`} · {meeting.participants.length} in it
        </span>
      </div>
      {meeting.media?.notice && (
        <p className="meeting__notice" role="note" title={meeting.media.notice}>
          {meeting.media.notice}
        </p>
      )}
      {media.problem && (
        <p className="meeting__notice" role="alert">
          {media.problem}
        </p>
      )}
      <div className="meeting__stage">
        {self && session && <SelfTile session={session} person={self} speaking={media.speaking === 'self'} />}
        {others.map((person) => (
          <ParticipantTile key={personKey(person)} person={person} remote={remoteOf(person)} speaking={media.speaking !== null && media.speaking === remoteOf(person)?.feed} />
        ))}
      </div>
      {media.remotes.map((remote) => (
        <RemoteAudio key={remote.feed} stream={remote.audio} />
      ))}
      <ul aria-label="Participants" className="meeting__participants">
        {meeting.participants.map((person) => (
          <li key={personKey(person)} className={`meeting__participant${speakingKey(person) ? ' meeting__participant--speaking' : ''}`} title={person.media.muted ? `${person.displayName}, muted` : person.displayName}>
            <PersonAvatar person={person} size="small" />
            <span className="meeting__participant-name">
              <PersonName person={person} onOpen={(userId) => void showCard(userId)} />
            </span>
            {person.media.muted && (
              <span className="meeting__muted">
                <MicOff size={12} aria-hidden /> muted
              </span>
            )}
            {person.media.screen && <MonitorUp size={12} aria-label="sharing a screen" />}
          </li>
        ))}
      </ul>
      <div className="dock-item__controls">
        <MediaToggles media={session?.local ?? null} />
        <button type="button" className="button button--danger" onClick={() => void leaveMeeting().then(focusAfterLeaving)}>
          <LogOut size={16} aria-hidden="true" />
          Leave
        </button>
      </div>
    </section>
  );
}

/**
 * The region goes away with its `Leave` button: focus goes where the person is (SPEC 9), not to the
 * page's body — the open conversation's `Message` box, else the Meetings list, else the open section's tab.
 */
function focusAfterLeaving(): void {
  requestAnimationFrame(() => {
    const current = document.activeElement;
    if (current && current !== document.body && current.isConnected) return;
    const target = composerElement() ?? document.querySelector<HTMLElement>('.meeting-list') ?? document.querySelector<HTMLElement>('.shell__tab[data-state="active"]');
    target?.focus();
  });
}

/** Another participant: their screen (when shared) or camera, else their avatar. */
function ParticipantTile({ person, remote, speaking }: { person: MeetingParticipant; remote: RemoteParticipant | undefined; speaking: boolean }) {
  const video = remote?.screen ?? (person.media.camera ? remote?.camera : null) ?? null;
  const what = remote?.screen ? 'screen' : 'camera';
  return (
    <figure className={`meeting-tile${speaking ? ' meeting-tile--speaking' : ''}`} aria-label={`${person.displayName}${speaking ? ', speaking' : ''}`}>
      {video ? <MediaVideo stream={video} label={`${person.displayName}'s ${what}`} className="meeting-tile__video" /> : <PersonAvatar person={person} size="large" />}
      <figcaption className="meeting-tile__name">
        {person.media.muted && <MicOff size={12} aria-hidden />}
        <span>{person.displayName}</span>
      </figcaption>
    </figure>
  );
}

/** This client's own tile: its camera (mirrored) or screen, else its avatar. */
function SelfTile({ session, person, speaking }: { session: MeetingMediaSession; person: MeetingParticipant; speaking: boolean }) {
  const local = useLocalMedia(session.local);
  const track = local.screen ?? local.camera;
  const stream = streamOf(track);
  return (
    <figure className={`meeting-tile meeting-tile--self${speaking ? ' meeting-tile--speaking' : ''}`} aria-label={`You${speaking ? ', speaking' : ''}`}>
      {stream ? <MediaVideo stream={stream} label={local.screen ? 'Your screen' : 'Your camera'} mirrored={!local.screen} className="meeting-tile__video" /> : <PersonAvatar person={person} size="large" />}
      <figcaption className="meeting-tile__name">
        {local.muted && <MicOff size={12} aria-hidden />}
        <span>You</span>
      </figcaption>
    </figure>
  );
}

const streams = new WeakMap<MediaStreamTrack, MediaStream>();
/** One MediaStream per track, kept: a video element is not reset on every render. */
function streamOf(track: MediaStreamTrack | null): MediaStream | null {
  if (!track) return null;
  let stream = streams.get(track);
  if (!stream) streams.set(track, (stream = new MediaStream([track])));
  return stream;
}

import type { LabelRef, Presence } from '../../../src-shared/protocol/model';
import { UnknownAvatar, UnknownName } from '../federation/UnknownPerson';
import { usePhotoUrl } from './photos';

const presenceLabels: Record<Presence, string> = {
  available: 'Available',
  away: 'Away',
  busy: 'Busy',
  dnd: 'Do not disturb',
  offline: 'Offline',
};

export function presenceLabel(presence: Presence): string {
  return presenceLabels[presence];
}

export function PresenceDot({ presence }: { presence: Presence }) {
  return <span className={`presence-dot presence-dot--${presence}`} title={presenceLabels[presence]} aria-hidden="true" />;
}

/** The marker a federated person carries everywhere they show; the account on hover. */
export function FederatedBadge({ accountName }: { accountName: string }) {
  return (
    <span className="federated-badge" title={`From federated account: ${accountName}`}>
      Federated
    </span>
  );
}

/** How many avatar tones the stylesheet has (`avatar--tone-N`, each with white initials at 6:1 or more). */
const avatarTones = 8;

export type AvatarSize = 'small' | 'medium' | 'large';

/**
 * The person's photo when they have one (`photoId`), else their initials on a tone derived from a
 * stable key (their id). Decorative beside the name, unless `alt` names it (a card's photo).
 */
export function Avatar({ name, colorKey, size = 'medium', photoId = null, alt }: { name: string; colorKey: string; size?: AvatarSize | 'profile'; photoId?: string | null; alt?: string }) {
  const photo = usePhotoUrl(photoId);
  if (photo) {
    return (
      <span className={`avatar avatar--${size} avatar--photo`} aria-hidden={alt === undefined ? true : undefined}>
        <img src={photo} alt={alt ?? ''} />
      </span>
    );
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  let hash = 0;
  for (const character of colorKey) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return (
    <span className={`avatar avatar--${size} avatar--tone-${hash % avatarTones}`} aria-hidden="true">
      {initials || '?'}
    </span>
  );
}

/**
 * A person wherever they show (author, member, participant): the name, marked Federated, that
 * opens their card; or exactly UNKNOWN USER, which opens nothing and explains itself. Inside a
 * sentence (a notice) the mark is left out (`marked={false}`).
 */
export function PersonName({ person, onOpen, marked = true }: { person: LabelRef; onOpen?: (userId: string) => void; marked?: boolean }) {
  if (person.kind === 'unknown') return <UnknownName person={person} />;
  return (
    <span className="person-name">
      {onOpen ? (
        <button type="button" className="link-button" onClick={() => onOpen(person.id)}>
          {person.displayName}
        </button>
      ) : (
        person.displayName
      )}
      {marked && person.federated && <FederatedBadge accountName={person.accountName} />}
    </span>
  );
}

/** An avatar for anyone: unknown people are told apart by their number in the conversation. */
export function PersonAvatar({ person, size }: { person: LabelRef; size?: AvatarSize }) {
  if (person.kind === 'unknown') return <UnknownAvatar person={person} size={size} />;
  return <Avatar name={person.displayName} colorKey={person.id} size={size} photoId={person.photoId} />;
}

/** A stable key for a person in lists: their id, or an unknown person's reference in this conversation. */
export function personKey(person: LabelRef): string {
  return person.kind === 'unknown' ? `unknown:${person.token}` : person.id;
}

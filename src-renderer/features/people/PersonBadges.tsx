import type { PersonRef, Presence } from '../../../src-shared/protocol/model';
import { UnknownAvatar, UnknownName } from '../federation/UnknownPerson';

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

/** Initials on a colour derived from a stable key (a person's id). */
export function Avatar({ name, colorKey }: { name: string; colorKey: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  let hash = 0;
  for (const character of colorKey) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return (
    <span className="avatar" style={{ backgroundColor: `hsl(${hash % 360} 45% 42%)` }} aria-hidden="true">
      {initials || '?'}
    </span>
  );
}

/**
 * A person wherever they show (author, member, participant): the name, marked Federated, that
 * opens their card; or exactly UNKNOWN USER, which opens nothing and explains itself.
 */
export function PersonName({ person, onOpen }: { person: PersonRef; onOpen?: (userId: string) => void }) {
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
      {person.federated && <FederatedBadge accountName={person.accountName} />}
    </span>
  );
}

/** An avatar for anyone: unknown people are told apart by their number in the conversation. */
export function PersonAvatar({ person }: { person: PersonRef }) {
  if (person.kind === 'unknown') return <UnknownAvatar person={person} />;
  return <Avatar name={person.displayName} colorKey={person.id} />;
}

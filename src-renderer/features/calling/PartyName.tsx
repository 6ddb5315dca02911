import type { CallParty } from '../../../src-shared/protocol/callProtocol';
import { FederatedBadge } from '../people/PersonBadges';

/** The other end of a call: the person's name (marked Federated) when the viewer sees them, else the formatted number. */
export function PartyName({ party }: { party: CallParty }) {
  if (!party.person) return <span className="party__number">{party.number}</span>;
  return (
    <span className="person-name">
      {party.person.displayName}
      {party.person.federated && <FederatedBadge accountName={party.person.accountName} />}
    </span>
  );
}

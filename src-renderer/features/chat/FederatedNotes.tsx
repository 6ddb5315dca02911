import type { PersonSummary } from '../../../src-shared/protocol/model';

/**
 * Says which chosen people come from federated accounts, before they are brought into a
 * channel. (The warning with confirmation of SPEC 1 rule 6 is built on this spot.)
 */
export function FederatedNotes({ people }: { people: PersonSummary[] }) {
  const federated = people.filter((person) => person.federated);
  if (federated.length === 0) return null;
  return (
    <ul className="warning" aria-label="From federated accounts">
      {federated.map((person) => (
        <li key={person.id}>
          {person.displayName} is in {person.accountName}, a federated account.
        </li>
      ))}
    </ul>
  );
}

import type { LabelRef } from '../../../src-shared/protocol/model';
import { UnknownName } from '../federation/UnknownPerson';
import './mentions.css';

/**
 * A mention in a message: `@Name` (a click opens the person's card), marked more strongly when
 * it is the reader; `@UNKNOWN USER`, explained on hover and focus, for someone the reader does not see.
 */
export function Mention({ person, mine, onOpenPerson }: { person: LabelRef; mine: boolean; onOpenPerson?: (userId: string) => void }) {
  if (person.kind === 'unknown') {
    return (
      <span className="mention mention--unknown">
        @<UnknownName person={person} />
      </span>
    );
  }
  if (!onOpenPerson) return <span className={`mention${mine ? ' mention--me' : ''}`}>@{person.displayName}</span>;
  return (
    <button type="button" className={`mention mention--button${mine ? ' mention--me' : ''}`} onClick={() => onOpenPerson(person.id)}>
      @{person.displayName}
    </button>
  );
}

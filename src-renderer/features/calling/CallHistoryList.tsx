import { useEffect } from 'react';
import type { CallOutcome, CallRecordView } from '../../../src-shared/protocol/callProtocol';
import { partyLabel } from '../../store/callsSlice';
import { useAppStore } from '../../store/appStore';
import { formatDuration, formatWhen } from './format';
import { ListPending } from '../shell/ListPending';
import { PartyName } from './PartyName';

const outcomeLabels: Record<CallOutcome, string> = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  'no answer': 'No answer',
  busy: 'Busy',
  cancelled: 'Cancelled',
  failed: 'Failed',
  voicemail: 'Voicemail',
};

/** `Call history`: every call of the viewer, both directions, each party resolved for the viewer. */
export function CallHistoryList() {
  const history = useAppStore((state) => state.callHistory);
  const loadCallHistory = useAppStore((state) => state.loadCallHistory);
  const dial = useAppStore((state) => state.dial);

  const connected = useAppStore((state) => state.connection === 'connected');
  const loaded = history !== null;

  // Loaded when shown, and again when the connection returns if it could not be then.
  useEffect(() => {
    void loadCallHistory();
  }, [loadCallHistory]);
  useEffect(() => {
    if (connected && !loaded) void loadCallHistory();
  }, [connected, loaded, loadCallHistory]);

  if (!history) return <ListPending what="call history" />;
  return (
    <ul aria-label="Call history" className="call-list">
      {history.length === 0 && <li className="muted call-list__empty">No calls yet. Calls you make and receive show here.</li>}
      {history.map((record) => (
        <CallRecordRow key={record.id} record={record} onCall={(number) => void dial(number)} />
      ))}
    </ul>
  );
}

function CallRecordRow({ record, onCall }: { record: CallRecordView; onCall: (number: string) => void }) {
  const missed = record.direction === 'in' && record.outcome === 'missed';
  return (
    <li className={`call-list__item${missed ? ' call-list__item--missed' : ''}`} aria-label={`${partyLabel(record.party)}, ${record.direction === 'in' ? 'incoming' : 'outgoing'}, ${outcomeLabels[record.outcome]}`}>
      <span className="call-list__direction" aria-hidden="true">
        {record.direction === 'in' ? '↙' : '↗'}
      </span>
      <span className="call-list__main">
        <PartyName party={record.party} />
        <span className="muted">
          {record.direction === 'in' ? 'Incoming' : 'Outgoing'} · {outcomeLabels[record.outcome]} · {formatWhen(record.at)}
          {record.durationSec > 0 && ` · ${formatDuration(record.durationSec)}`}
        </span>
      </span>
      {record.party.dial && (
        <button type="button" className="button" aria-label={`Call ${partyLabel(record.party)}`} onClick={() => onCall(record.party.dial!)}>
          Call
        </button>
      )}
    </li>
  );
}

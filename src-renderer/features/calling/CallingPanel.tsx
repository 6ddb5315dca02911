import { useAppStore } from '../../store/appStore';
import { selectUnreadVoicemailCount, type CallingView } from '../../store/callsSlice';
import { CallHistoryList } from './CallHistoryList';
import { Dialer } from './Dialer';
import { VoicemailList } from './VoicemailList';
import './calling.css';

const views: Array<{ id: CallingView; label: string }> = [
  { id: 'history', label: 'Call history' },
  { id: 'voicemail', label: 'Voicemail' },
];

/** The Calling section: the dialer beside the tabs `Call history` and `Voicemail`. */
export function CallingPanel() {
  const view = useAppStore((state) => state.callingView);
  const showView = useAppStore((state) => state.showCallingView);
  const unread = useAppStore(selectUnreadVoicemailCount);
  return (
    <div className="calling">
      <section className="calling__dialer" aria-label="Place a call">
        <h2>Calling</h2>
        <Dialer />
      </section>
      <section className="calling__lists">
        <div role="tablist" aria-label="Calls" className="calling__tabs">
          {views.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`calling-tab-${id}`}
              aria-selected={view === id}
              aria-controls={`calling-panel-${id}`}
              // Named exactly by its label (SPEC 6); the count describes it.
              aria-label={label}
              aria-describedby={id === 'voicemail' && unread > 0 ? 'calling-voicemail-count' : undefined}
              className={`calling__tab${view === id ? ' calling__tab--active' : ''}`}
              onClick={() => showView(id)}
            >
              {label}
              {id === 'voicemail' && unread > 0 && (
                <span id="calling-voicemail-count" className="count-badge" title={`${unread} new`}>
                  {unread}
                  <span className="visually-hidden"> new</span>
                </span>
              )}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`calling-panel-${view}`} aria-labelledby={`calling-tab-${view}`} className="calling__panel">
          {view === 'history' ? <CallHistoryList /> : <VoicemailList />}
        </div>
      </section>
    </div>
  );
}

import * as Tabs from '@radix-ui/react-tabs';
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

/** The Calling section: the dialer beside the tabs `Call history` and `Voicemail` (Radix UI's Tabs). */
export function CallingPanel() {
  const view = useAppStore((state) => state.callingView);
  const showView = useAppStore((state) => state.showCallingView);
  const unread = useAppStore(selectUnreadVoicemailCount);
  return (
    <div className="calling">
      <section className="calling__dialer" aria-labelledby="calling-heading">
        <h2 id="calling-heading">Calling</h2>
        <Dialer />
      </section>
      <Tabs.Root className="calling__lists" value={view} onValueChange={(value) => showView(value as CallingView)}>
        <Tabs.List aria-label="Calls" className="calling__tabs">
          {views.map(({ id, label }) => (
            <Tabs.Trigger key={id} value={id} className="calling__tab" aria-describedby={id === 'voicemail' && unread > 0 ? 'calling-voicemail-count' : undefined}>
              {label}
              {/* Named exactly by its label (SPEC 6): the count is hidden from its name and describes it instead. */}
              {id === 'voicemail' && unread > 0 && (
                <span id="calling-voicemail-count" className="count-badge" title={`${unread} new`} aria-hidden="true">
                  {unread}
                  <span className="visually-hidden"> new</span>
                </span>
              )}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="history" className="calling__panel">
          {view === 'history' && <CallHistoryList />}
        </Tabs.Content>
        <Tabs.Content value="voicemail" className="calling__panel">
          {view === 'voicemail' && <VoicemailList />}
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}

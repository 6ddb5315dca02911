import { useAppStore } from '../../store/appStore';
import { MeetingRegion } from '../meetings/MeetingRegion';
import { ActiveCall } from './ActiveCall';
import './calling.css';

/** A column beside the open section for the call and the meeting under way, so neither covers the work. */
export function LiveDock() {
  const showing = useAppStore((state) => state.currentCall !== null || state.currentMeetingId !== null);
  if (!showing) return null;
  return (
    <aside className="live-dock" aria-label="Calls and meetings">
      <ActiveCall />
      <MeetingRegion />
    </aside>
  );
}

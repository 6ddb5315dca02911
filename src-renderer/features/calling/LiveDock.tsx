import { ScreenSharePicker } from '../../media';
import { useAppStore } from '../../store/appStore';
import { MeetingRegion } from '../meetings/MeetingRegion';
import { ActiveCall } from './ActiveCall';
import './calling.css';

/**
 * The call and the meeting under way, beside the open section when the window is wide; when it
 * is not, the dock folds into a strip above the section (see calling.css) so the conversation
 * keeps its width.
 */
export function LiveDock() {
  const showing = useAppStore((state) => state.currentCall !== null || state.currentMeetingId !== null);
  if (!showing) return null;
  return (
    <aside className="live-dock" aria-label="Calls and meetings">
      <ActiveCall />
      <MeetingRegion />
      <ScreenSharePicker />
    </aside>
  );
}

import { ScreenSharePicker } from '../../media';
import { Maximize2, Minimize2 } from 'lucide-react';
import { useAppStore } from '../../store/appStore';
import { selectLiveKey } from '../../store/uiSlice';
import { MeetingRegion } from '../meetings/MeetingRegion';
import { usePhoneLayout } from '../panes/layout';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { ActiveCall } from './ActiveCall';
import './calling.css';

/** Whether the call or meeting under way fills a phone's screen (not put away with `Minimize`). */
export function useLiveFillsScreen(): boolean {
  const phone = usePhoneLayout();
  const key = useAppStore(selectLiveKey);
  const minimized = useAppStore((state) => state.minimizedLive);
  return phone && key !== null && key !== minimized;
}

/**
 * The call and the meeting under way, beside the open section when the window is wide; when it
 * is not, the dock folds into a strip above the section (see calling.css) so the conversation
 * keeps its width. On a phone it fills the screen, its controls large and low, away from where
 * an ear and a cheek touch; `Minimize` (or Back) puts it in the strip, `Full screen` brings it back.
 */
export function LiveDock() {
  const key = useAppStore(selectLiveKey);
  const minimizeLive = useAppStore((state) => state.minimizeLive);
  const phone = usePhoneLayout();
  const full = useLiveFillsScreen();
  useBackLayer(full, layerLevel.dialog, () => minimizeLive(key));
  if (key === null) return null;
  return (
    <aside className={`live-dock${full ? ' live-dock--full' : ''}`} aria-label="Calls and meetings">
      {phone && (
        <button type="button" className="icon-button live-dock__size" aria-label={full ? 'Minimize' : 'Full screen'} title={full ? 'Minimize' : 'Full screen'} onClick={() => minimizeLive(full ? key : null)}>
          {full ? <Minimize2 size={20} aria-hidden="true" /> : <Maximize2 size={20} aria-hidden="true" />}
        </button>
      )}
      <ActiveCall />
      <MeetingRegion />
      <ScreenSharePicker />
    </aside>
  );
}

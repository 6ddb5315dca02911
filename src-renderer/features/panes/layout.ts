/**
 * The phone layout (SPEC 11): one pane at a time, the sections as a bottom tab bar, sheets that
 * fill the screen, touch-sized targets. A window gets it when it is narrow (a phone held upright,
 * 360 to 430 px wide) or short (held sideways); the desktop's smallest window, 900×600, never does.
 * The root element carries `data-layout="phone"` or `"desktop"` for the stylesheets (phone.css).
 */
import { useMediaQuery } from '../shell/useMediaQuery';

export const phoneLayoutQuery = '(max-width: 699px), (max-height: 499px)';

/** Whether the window is laid out as a phone's, following changes (a phone turned, a window resized). */
export function usePhoneLayout(): boolean {
  return useMediaQuery(phoneLayoutQuery);
}

/** Whether the window is laid out as a phone's now (outside React). */
export function isPhoneLayout(): boolean {
  return window.matchMedia(phoneLayoutQuery).matches;
}

/** Marks the root element with the layout before the first paint, and keeps it marked. */
export function startLayout(root: HTMLElement = document.documentElement): () => void {
  const query = window.matchMedia(phoneLayoutQuery);
  const apply = () => {
    root.dataset.layout = query.matches ? 'phone' : 'desktop';
  };
  apply();
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}

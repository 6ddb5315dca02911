/**
 * Light and dark themes. The stylesheet follows the system (`prefers-color-scheme`) unless the
 * root element says `data-theme="light"` or `"dark"`; the choice is kept in this browser's
 * storage (per machine, not per person: it is how the screen looks, not who is signed in).
 */
import { useAppStore } from '../../store/appStore';
import { themeChoices, type ThemeChoice } from '../../store/uiSlice';
import { phoneColours } from './phoneColours';

const storageKey = 'meridian.theme';

function storedChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(storageKey);
    return themeChoices.find((choice) => choice === stored) ?? 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  // A phone's status bar takes the chosen theme's colour; `system` leaves each meta its own scheme's.
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    const scheme = meta.media.includes('dark') ? 'dark' : 'light';
    meta.content = phoneColours[choice === 'system' ? scheme : choice].theme;
  }
}

/** Applies the stored choice before the first paint, then follows and keeps every change. */
export function startTheme(): () => void {
  const initial = storedChoice();
  apply(initial);
  useAppStore.getState().setTheme(initial);
  return useAppStore.subscribe((state, previous) => {
    if (state.theme === previous.theme) return;
    apply(state.theme);
    try {
      if (state.theme === 'system') localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, state.theme);
    } catch {
      // Storage may be unavailable (private mode): the choice then lasts until the window closes.
    }
  });
}

/**
 * Registers the browser build's service worker (src-renderer/serviceWorker/sw.ts) with Workbox's
 * window library, and offers a new version when one is waiting: the app says `Update available`
 * and reloads only when the person chooses `Reload` (never under a half-written message).
 */
import { Workbox } from 'workbox-window';
import { useAppStore } from '../../store/appStore';

/** How often a long-running page asks whether a new version was deployed (browsers also ask on every visit). */
const updateCheckMs = 60 * 60 * 1000;

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const workbox = new Workbox('./sw.js', { scope: './' });
  workbox.addEventListener('waiting', () => {
    useAppStore.getState().offerUpdate(() => {
      // The new version takes over, then the page reloads on it.
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register().catch((error: unknown) => console.warn('[meridian] the service worker could not be registered:', error));
  const check = () => void workbox.update().catch(() => undefined);
  setInterval(check, updateCheckMs);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

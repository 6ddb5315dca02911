/**
 * Native notifications while the window is not focused: new messages, calls, meeting
 * invitations. Electron shows them through main's Notification; the browser build through the
 * page's Notification API (permission asked at sign-in). Do not disturb silences them all.
 */
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';

const clickHandlers = new Map<string, () => void>();
let lastTag = 0;

/** Called by the bridge when a native notification is clicked. */
export function notificationClicked(tag: string): void {
  const onClick = clickHandlers.get(tag);
  clickHandlers.delete(tag);
  onClick?.();
}

/** Asks the browser for permission while the person is acting (a click), so the first notification is not lost. */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

export function notify(title: string, body: string, onClick?: () => void): void {
  if (document.hasFocus()) return;
  if (useAppStore.getState().me?.presence === 'dnd') return;
  const tag = `n${++lastTag}`;
  if (onClick) clickHandlers.set(tag, onClick);
  void getApi()
    .notify({ title, body: body.slice(0, 200), tag })
    .then((shownNatively) => {
      if (shownNatively) return;
      clickHandlers.delete(tag);
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      const notification = new Notification(title, { body: body.slice(0, 200), tag: title });
      notification.onclick = () => {
        window.focus();
        onClick?.();
        notification.close();
      };
    });
}

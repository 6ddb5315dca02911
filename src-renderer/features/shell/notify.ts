/**
 * Native notifications while the window is not focused: new messages, calls, meeting
 * invitations. Electron shows the page's notifications natively (its permission handler
 * allows them for the app's own page); the browser build, once the person grants it.
 * Do not disturb silences them all.
 */
import { useAppStore } from '../../store/appStore';

export function notify(title: string, body: string, onClick?: () => void): void {
  if (typeof Notification === 'undefined' || document.hasFocus()) return;
  if (useAppStore.getState().me?.presence === 'dnd') return;
  if (Notification.permission === 'default') {
    void Notification.requestPermission();
    return;
  }
  if (Notification.permission !== 'granted') return;
  const notification = new Notification(title, { body: body.slice(0, 200), tag: title });
  notification.onclick = () => {
    window.focus();
    onClick?.();
    notification.close();
  };
}

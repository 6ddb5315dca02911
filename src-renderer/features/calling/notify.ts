/**
 * Native notifications for calls and meetings while the window is not focused. Electron shows them
 * natively; the browser build shows them once the page has been granted the permission.
 */
export function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || document.hasFocus()) return;
  if (Notification.permission === 'granted') new Notification(title, { body, tag: title });
  else if (Notification.permission === 'default') void Notification.requestPermission();
}

/**
 * The desktop's own ways of telling the person something: the unread count on the app's icon
 * (the dock badge on macOS, an overlay icon on the taskbar button on Windows, the launcher badge
 * on Linux) and native notifications that bring the window back when clicked.
 */
import { app, nativeImage, Notification, type BrowserWindow, type NativeImage } from 'electron';

/** Shows `count` unread messages on the app's icon, as the platform does it, and in the window title. */
export function showUnreadCount(count: number, window: BrowserWindow | null, platform: NodeJS.Platform = process.platform): void {
  const usable = window && !window.isDestroyed() ? window : null;
  if (platform === 'darwin') app.dock?.setBadge(count > 0 ? String(count) : '');
  else if (platform === 'win32') usable?.setOverlayIcon(count > 0 ? unreadOverlayIcon(count) : null, count > 0 ? `${count} unread` : '');
  // Linux: the Unity launcher API (GNOME docks, KDE, elementary), where the desktop offers it.
  else app.setBadgeCount(count);
  usable?.setTitle(count > 0 ? `(${count}) Meridian` : 'Meridian');
}

// 3×5 pixel glyphs, one string of 15 bits per character, read row by row.
const glyphs: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '+': '000010111010000',
};

const iconSize = 16;

/**
 * The Windows overlay: a red disc with the count in white (`9+` past nine), as raw BGRA pixels
 * (no image file to ship, no canvas in main).
 */
export function unreadOverlayBitmap(count: number): Buffer {
  const text = count > 9 ? '9+' : String(Math.max(0, count));
  const pixels = Buffer.alloc(iconSize * iconSize * 4); // transparent
  const paint = (x: number, y: number, [blue, green, red]: readonly [number, number, number]) => {
    const offset = (y * iconSize + x) * 4;
    pixels[offset] = blue;
    pixels[offset + 1] = green;
    pixels[offset + 2] = red;
    pixels[offset + 3] = 255;
  };
  const center = (iconSize - 1) / 2;
  for (let y = 0; y < iconSize; y++) {
    for (let x = 0; x < iconSize; x++) if ((x - center) ** 2 + (y - center) ** 2 <= (iconSize / 2) ** 2) paint(x, y, [0x2b, 0x2b, 0xd9]);
  }
  // One glyph drawn twice as large; two side by side at their own size.
  const scale = text.length === 1 ? 2 : 1;
  const width = text.length * 3 * scale + (text.length - 1);
  const left = Math.floor((iconSize - width) / 2);
  const top = Math.floor((iconSize - 5 * scale) / 2);
  [...text].forEach((character, index) => {
    const bits = glyphs[character] ?? '';
    for (let bit = 0; bit < bits.length; bit++) {
      if (bits[bit] !== '1') continue;
      const column = bit % 3;
      const row = Math.floor(bit / 3);
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) paint(left + index * (3 * scale + 1) + column * scale + dx, top + row * scale + dy, [0xff, 0xff, 0xff]);
      }
    }
  });
  return pixels;
}

function unreadOverlayIcon(count: number): NativeImage {
  return nativeImage.createFromBitmap(unreadOverlayBitmap(count), { width: iconSize, height: iconSize });
}

// Notifications still on screen: without a reference, a notification can be garbage collected and its click lost.
const shownNotifications = new Set<Notification>();

/**
 * A native notification; a click brings the window back (restored, focused) and then runs
 * `onClick`, which opens the conversation it was about.
 */
export function showNotification(content: { title: string; body: string }, window: () => BrowserWindow | null, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: content.title, body: content.body, silent: false });
  shownNotifications.add(notification);
  const forget = () => shownNotifications.delete(notification);
  notification.once('close', forget);
  notification.once('click', () => {
    forget();
    const target = window();
    if (target && !target.isDestroyed()) {
      if (target.isMinimized()) target.restore();
      target.show();
      target.focus();
    }
    onClick();
  });
  notification.show();
}

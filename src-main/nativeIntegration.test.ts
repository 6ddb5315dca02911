import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow } from 'electron';
import { fake, resetFakeElectron, type FakeBrowserWindow } from './testing/fakeElectron';
import { showUnreadCount, unreadOverlayBitmap } from './nativeIntegration';

describe('the unread count on the app icon', () => {
  let window: FakeBrowserWindow;
  const show = (count: number, platform: NodeJS.Platform) => showUnreadCount(count, window as unknown as Electron.BrowserWindow, platform);

  beforeEach(() => {
    resetFakeElectron();
    window = new BrowserWindow({ title: 'Meridian' }) as unknown as FakeBrowserWindow;
  });

  it('is the dock badge on macOS, cleared at zero', () => {
    show(4, 'darwin');
    show(0, 'darwin');
    expect(fake.dockBadges).toEqual(['4', '']);
    expect(window.overlays).toEqual([]);
  });

  it('is an overlay icon on the taskbar button on Windows, with a description for screen readers', () => {
    show(12, 'win32');
    show(0, 'win32');
    expect(window.overlays.map(({ description }) => description)).toEqual(['12 unread', '']);
    expect(window.overlays[0]!.image?.getSize()).toEqual({ width: 16, height: 16 });
    expect(window.overlays[1]!.image).toBeNull();
    expect(fake.badgeCounts).toEqual([]);
  });

  it('is the launcher badge on Linux', () => {
    show(2, 'linux');
    show(0, 'linux');
    expect(fake.badgeCounts).toEqual([2, 0]);
  });

  it('is in the window title everywhere', () => {
    show(7, 'linux');
    expect(window.getTitle()).toBe('(7) Meridian');
    show(0, 'linux');
    expect(window.getTitle()).toBe('Meridian');
  });

  it('draws each count differently, with white figures on a red disc and clear corners', () => {
    const images = [1, 2, 9, 10, 250].map((count) => unreadOverlayBitmap(count).toString('hex'));
    expect(new Set(images).size).toBe(4); // 10 and 250 both read 9+
    const pixel = (bitmap: Buffer, x: number, y: number) => [...bitmap.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 4)];
    const one = unreadOverlayBitmap(1);
    expect(pixel(one, 0, 0)).toEqual([0, 0, 0, 0]); // transparent corner
    expect(pixel(one, 2, 8)).toEqual([0x2b, 0x2b, 0xd9, 255]); // red disc (BGRA)
    const white = [...Array(256).keys()].filter((index) => one[index * 4] === 0xff && one[index * 4 + 2] === 0xff).length;
    expect(white).toBeGreaterThan(10);
  });
});

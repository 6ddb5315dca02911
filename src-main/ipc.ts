/**
 * Typed IPC, main side: one generic `handle()` per invoke channel of the shared API. It refuses
 * any sender but the main window's top frame showing our own renderer, then hands the argument
 * to SessionHost, which validates it against the channel's schema and routes it.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { fail } from '../src-shared/protocol/ack';
import { invokeChannelSchemas, type InvokeChannel } from '../src-shared/protocol/api';
import type { SessionHost } from '../src-shared/session/sessionHost';
import { isRendererUrl } from './rendererLocation';

/** Every invoke channel gets a handler; the renderer can reach nothing else. */
export function registerIpcHandlers(host: SessionHost, mainWindow: () => BrowserWindow | null): void {
  for (const channel of Object.keys(invokeChannelSchemas) as InvokeChannel[]) {
    handle(channel, host, mainWindow);
  }
}

function handle(channel: InvokeChannel, host: SessionHost, mainWindow: () => BrowserWindow | null): void {
  ipcMain.handle(channel, (event, argument: unknown) => {
    if (!isFromMainWindow(event, mainWindow())) return fail('forbidden', 'Only the Meridian window may do that.');
    return host.dispatch(channel, argument);
  });
}

/** The sender must be the main window's top frame, showing the app's own page. */
function isFromMainWindow(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame || event.sender !== window.webContents) return false;
  const top = window.webContents.mainFrame;
  return frame.processId === top.processId && frame.routingId === top.routingId && isRendererUrl(frame.url);
}

/**
 * Typed IPC, main side: one generic `handle()` per invoke channel of the shared API. It refuses
 * any sender but the main window's top frame showing our own renderer, and any argument its
 * channel's schema rejects, before anything reaches the session; then hands the parsed argument
 * to SessionHost (which validates again: it is also the browser build's boundary).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { fail } from '../src-shared/protocol/ack';
import { invokeChannelSchemas, type InvokeChannel } from '../src-shared/protocol/api';
import { describeZodError } from '../src-shared/protocol/validate';
import type { SessionHost } from '../src-shared/session/sessionHost';
import { isRendererUrl } from './rendererLocation';

/** Every invoke channel gets a handler; the renderer can reach nothing else. */
export function registerIpcHandlers(host: SessionHost, mainWindow: () => BrowserWindow | null): void {
  for (const channel of Object.keys(invokeChannelSchemas) as InvokeChannel[]) {
    handle(channel, host, mainWindow);
  }
}

function handle(channel: InvokeChannel, host: SessionHost, mainWindow: () => BrowserWindow | null): void {
  const schema = invokeChannelSchemas[channel];
  ipcMain.handle(channel, (event, argument: unknown) => {
    if (!isFromMainWindow(event, mainWindow())) return fail('forbidden', 'Only the Meridian window may do that.');
    const parsed = schema.safeParse(argument);
    if (!parsed.success) return fail('bad_request', describeZodError(parsed.error));
    return host.dispatch(channel, parsed.data);
  });
}

/** The sender must be the main window's top frame, showing the app's own page. */
function isFromMainWindow(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame || event.sender !== window.webContents) return false;
  const top = window.webContents.mainFrame;
  return frame.processId === top.processId && frame.routingId === top.routingId && isRendererUrl(frame.url);
}

/**
 * Downloads of shared files. The session host asks for a signed URL and hands it here; only
 * URLs of the Meridian server's own origin are downloaded (any other download is cancelled),
 * and they are saved in the Downloads folder under a name that takes no existing file's place.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, session, type BrowserWindow } from 'electron';

export function createDownloader(serverUrl: string, mainWindow: () => BrowserWindow | null): (url: string) => void {
  const serverOrigin = new URL(serverUrl).origin;
  const fromServer = (url: string) => {
    try {
      return new URL(url).origin === serverOrigin;
    } catch {
      return false;
    }
  };

  session.defaultSession.on('will-download', (event, item) => {
    if (!item.getURLChain().every(fromServer)) {
      event.preventDefault();
      return;
    }
    const savePath = freePath(app.getPath('downloads'), item.getFilename());
    item.setSavePath(savePath);
    item.on('updated', () => {
      const total = item.getTotalBytes();
      const window = mainWindow();
      if (window && !window.isDestroyed() && total > 0) window.setProgressBar(item.getReceivedBytes() / total);
    });
    item.once('done', (_event, state) => {
      const window = mainWindow();
      if (window && !window.isDestroyed()) window.setProgressBar(-1);
      if (state === 'completed' && process.platform === 'darwin') app.dock?.downloadFinished(savePath);
    });
  });

  return (url) => {
    const window = mainWindow();
    if (fromServer(url) && window && !window.isDestroyed()) window.webContents.downloadURL(url);
  };
}

/** `report.pdf`, else `report (1).pdf`, `report (2).pdf`…: never over an existing file. */
function freePath(directory: string, suggested: string): string {
  const name = path.basename(suggested.replace(/[/\\]/g, '_')) || 'download';
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length) || 'download';
  let candidate = path.join(directory, name);
  for (let copy = 1; existsSync(candidate); copy++) candidate = path.join(directory, `${stem} (${copy})${extension}`);
  return candidate;
}

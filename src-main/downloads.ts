/**
 * Downloads of shared files. The session host asks for a signed URL and hands it here; only
 * URLs of the Meridian server's own origin are downloaded (any other download is cancelled).
 * Each one asks where to save it (the Downloads folder, under a name that takes no existing
 * file's place, is offered), and a file that would run as a program is saved only after an
 * explicit warning.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';

/**
 * Extensions of files that run code when opened, on Windows, macOS or Linux (after Chromium's
 * list of dangerous download types): saved only once the person confirms.
 */
const executableExtensions = new Set([
  // Windows programs, installers, scripts and shortcuts
  'exe', 'com', 'scr', 'pif', 'cpl', 'msi', 'msix', 'msixbundle', 'appx', 'appxbundle', 'msp', 'mst', 'bat', 'cmd', 'ps1', 'psm1', 'psd1',
  'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'ws', 'wsc', 'hta', 'jar', 'reg', 'lnk', 'url', 'scf', 'inf', 'application', 'appref-ms', 'gadget', 'dll', 'sys', 'msc', 'chm', 'xll',
  // macOS applications, installers and scripts
  'app', 'pkg', 'mpkg', 'dmg', 'command', 'tool', 'workflow', 'terminal', 'scpt', 'applescript', 'osx',
  // Linux and cross-platform executables and packages
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'run', 'bin', 'appimage', 'deb', 'rpm', 'desktop', 'py', 'pyw', 'pl', 'rb', 'php', 'elf', 'out',
]);

/** Whether a file with this name would run as a program when opened (`report.pdf.exe` does; trailing dots and spaces ignored, as Windows does). */
export function isExecutableFileName(name: string): boolean {
  const trimmed = name.trim().replace(/[. ]+$/, '');
  const extension = path.extname(trimmed).slice(1).toLowerCase();
  return extension !== '' && executableExtensions.has(extension);
}

/**
 * Starts watching downloads of the default session and returns the downloader the session
 * host calls with a signed file URL.
 */
export function createDownloader(serverUrl: string, mainWindow: () => BrowserWindow | null): (url: string) => void {
  const serverOrigin = new URL(serverUrl).origin;
  const fromServer = (url: string) => {
    try {
      return new URL(url).origin === serverOrigin;
    } catch {
      return false;
    }
  };
  // URLs of program files the person chose to save after the warning: each lets one download through.
  const confirmed = new Set<string>();
  const start = (url: string) => {
    const window = mainWindow();
    if (fromServer(url) && window && !window.isDestroyed()) window.webContents.downloadURL(url);
  };

  session.defaultSession.on('will-download', (event, item) => {
    if (!item.getURLChain().every(fromServer)) {
      event.preventDefault();
      return;
    }
    const name = safeFileName(item.getFilename());
    if (isExecutableFileName(name) && !confirmed.delete(item.getURL())) {
      // The save path must be settled before this handler returns, so ask first and download again if the answer is yes.
      event.preventDefault();
      const url = item.getURL();
      void confirmProgram(mainWindow(), name).then((save) => {
        if (!save) return;
        confirmed.add(url);
        start(url);
      });
      return;
    }
    // No save path set: Electron asks where to save, starting from this one.
    item.setSaveDialogOptions({ title: `Save ${name}`, defaultPath: freePath(app.getPath('downloads'), name), buttonLabel: 'Save' });
    item.on('updated', () => {
      const total = item.getTotalBytes();
      const window = mainWindow();
      if (window && !window.isDestroyed() && total > 0) window.setProgressBar(item.getReceivedBytes() / total);
    });
    item.once('done', (_event, state) => {
      const window = mainWindow();
      if (window && !window.isDestroyed()) window.setProgressBar(-1);
      if (state === 'completed' && process.platform === 'darwin') app.dock?.downloadFinished(item.getSavePath());
    });
  });

  return start;
}

/** The warning before a program is saved; resolves true only on an explicit "Save anyway". */
async function confirmProgram(window: BrowserWindow | null, name: string): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'This file is a program',
    message: `"${name}" is a program.`,
    detail: 'Programs and scripts shared in a chat can harm your computer when opened. Save it only if you expected this file from this person.',
    buttons: ['Cancel', 'Save anyway'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const answer = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return answer.response === 1;
}

/** The server's suggested name without any folder part. */
function safeFileName(suggested: string): string {
  return path.basename(suggested.replace(/[/\\]/g, '_')) || 'download';
}

/** `report.pdf`, else `report (1).pdf`, `report (2).pdf`…: never over an existing file. */
function freePath(directory: string, name: string): string {
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length) || 'download';
  let candidate = path.join(directory, name);
  for (let copy = 1; existsSync(candidate); copy++) candidate = path.join(directory, `${stem} (${copy})${extension}`);
  return candidate;
}

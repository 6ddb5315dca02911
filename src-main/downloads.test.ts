import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, session } from 'electron';
import { fake, FakeDownloadItem, resetFakeElectron, type FakeBrowserWindow, type FakeSession } from './testing/fakeElectron';
import { createDownloader, isExecutableFileName } from './downloads';

const server = 'http://127.0.0.1:4100';
const fileUrl = (name: string) => `${server}/api/files/f1?signature=abc&name=${encodeURIComponent(name)}`;

describe('downloads', () => {
  let window: FakeBrowserWindow;
  let download: (url: string) => void;
  const downloadSession = () => session.defaultSession as unknown as FakeSession;

  beforeEach(() => {
    resetFakeElectron();
    fake.downloads = mkdtempSync(path.join(os.tmpdir(), 'meridian-downloads-'));
    window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    download = createDownloader(server, () => window as unknown as Electron.BrowserWindow);
  });
  afterEach(() => rmSync(fake.downloads, { recursive: true, force: true }));

  it('downloads only URLs of the Meridian server', () => {
    download(fileUrl('plan.pdf'));
    download('https://evil.example/plan.pdf');
    download('file:///etc/passwd');
    expect(window.webContents.downloadedUrls).toEqual([fileUrl('plan.pdf')]);
    expect(downloadSession().startDownload(new FakeDownloadItem(['https://evil.example/x.pdf'], 'x.pdf'))).toBe(false);
    // A redirect away from the server is refused too.
    expect(downloadSession().startDownload(new FakeDownloadItem([fileUrl('x.pdf'), 'https://evil.example/x.pdf'], 'x.pdf'))).toBe(false);
  });

  it('asks where to save, offering the Downloads folder under a name that replaces no file', () => {
    writeFileSync(path.join(fake.downloads, 'plan.pdf'), 'an older plan');
    const item = new FakeDownloadItem([fileUrl('plan.pdf')], 'plan.pdf');
    expect(downloadSession().startDownload(item)).toBe(true);
    expect(item.savePath).toBe(''); // no path set: Electron shows the save dialog
    expect(item.saveDialogOptions).toMatchObject({ title: 'Save plan.pdf', defaultPath: path.join(fake.downloads, 'plan (1).pdf') });
  });

  it('keeps a suggested name inside the folder it is saved to', () => {
    const item = new FakeDownloadItem([fileUrl('x')], '../../.bashrc');
    downloadSession().startDownload(item);
    expect(path.dirname(item.saveDialogOptions!.defaultPath!)).toBe(fake.downloads);
  });

  it('shows progress on the taskbar while downloading and clears it when done', () => {
    const item = new FakeDownloadItem([fileUrl('plan.pdf')], 'plan.pdf', 200);
    downloadSession().startDownload(item);
    item.emit('updated');
    item.emit('done', {}, 'completed');
    expect(window.progress).toEqual([0, -1]);
  });

  it('warns before saving a program; Cancel saves nothing', async () => {
    fake.messageBoxAnswers.push(0);
    const item = new FakeDownloadItem([fileUrl('invoice.pdf.exe')], 'invoice.pdf.exe');
    expect(downloadSession().startDownload(item)).toBe(false);
    await Promise.resolve();
    expect(fake.messageBoxes).toEqual([expect.objectContaining({ message: '"invoice.pdf.exe" is a program.', buttons: ['Cancel', 'Save anyway'], defaultId: 0, cancelId: 0 })]);
    expect(window.webContents.downloadedUrls).toEqual([]);
  });

  it('saves a program only after an explicit "Save anyway", and then asks where', async () => {
    fake.messageBoxAnswers.push(1);
    const url = fileUrl('setup.sh');
    expect(downloadSession().startDownload(new FakeDownloadItem([url], 'setup.sh'))).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.webContents.downloadedUrls).toEqual([url]);
    // The download the answer started goes through to the save prompt, once.
    const again = new FakeDownloadItem([url], 'setup.sh');
    expect(downloadSession().startDownload(again)).toBe(true);
    expect(again.saveDialogOptions).toMatchObject({ defaultPath: path.join(fake.downloads, 'setup.sh') });
    expect(downloadSession().startDownload(new FakeDownloadItem([url], 'setup.sh'))).toBe(false);
    expect(fake.messageBoxes).toHaveLength(2);
  });

  it('knows programs of every platform, not documents', () => {
    for (const name of ['setup.exe', 'SETUP.EXE', 'run.bat', 'x.cmd', 'x.ps1', 'x.vbs', 'x.js', 'x.msi', 'x.scr', 'x.lnk', 'x.jar', 'x.app', 'x.pkg', 'x.dmg', 'x.command', 'x.sh', 'x.AppImage', 'x.deb', 'x.desktop', 'report.pdf.exe', 'trick.exe.', 'trick.exe  ']) {
      expect(isExecutableFileName(name), name).toBe(true);
    }
    for (const name of ['plan.pdf', 'photo.png', 'notes.txt', 'sheet.xlsx', 'archive.zip', 'exe', 'README', '.bashrc']) {
      expect(isExecutableFileName(name), name).toBe(false);
    }
  });
});

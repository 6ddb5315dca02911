/** Where the app's own renderer lives, and whether a URL is one of its pages. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from 'electron';

/** The renderer page: electron-vite's dev server under `electron-vite dev`, else the built file. */
export function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  // The dev server is trusted only in an unpackaged app, so an environment variable cannot redirect a release.
  if (!app.isPackaged && devServer) return devServer;
  return pathToFileURL(path.join(__dirname, '../renderer/index.html')).href;
}

/** The built preload script, a single CommonJS file. */
export function preloadPath(): string {
  return path.join(__dirname, '../preload/index.js');
}

/** True when the URL is the renderer page itself (its query and hash may differ). */
export function isRendererUrl(url: string): boolean {
  try {
    const candidate = new URL(url);
    const own = new URL(rendererUrl());
    if (own.protocol === 'file:') return candidate.protocol === 'file:' && candidate.host === own.host && candidate.pathname === own.pathname;
    return candidate.origin === own.origin;
  } catch {
    return false;
  }
}

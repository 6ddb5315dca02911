/** Where the app's own renderer lives, and whether a URL is one of its pages. */
import path from 'node:path';
import { app } from 'electron';
import { appHost, appScheme } from './appProtocol';

/** The built renderer folder, served at app://meridian/ (./appProtocol.ts). */
export function rendererRoot(): string {
  return path.join(__dirname, '../renderer');
}

/** The renderer page: electron-vite's dev server under `electron-vite dev`, else the built page over app://. */
export function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  // The dev server is trusted only in an unpackaged app, so an environment variable cannot redirect a release.
  if (!app.isPackaged && devServer) return devServer;
  return `${appScheme}://${appHost}/index.html`;
}

/** The built preload script, a single CommonJS file. */
export function preloadPath(): string {
  return path.join(__dirname, '../preload/index.js');
}

/** True when the URL is one of the renderer's own pages: app://meridian/…, or the dev server's origin. */
export function isRendererUrl(url: string): boolean {
  try {
    const candidate = new URL(url);
    const own = new URL(rendererUrl());
    // Node's URL gives a custom scheme the origin "null", so compare scheme and host rather than origins.
    return candidate.protocol === own.protocol && candidate.host === own.host && candidate.host !== '';
  } catch {
    return false;
  }
}

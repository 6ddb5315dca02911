/**
 * `npm run icons`: renders the app's artwork (resources/artwork/*.svg) into the PNG icons the web
 * app manifest and phones ask for, beside the SVGs. Run it after changing an SVG and commit the
 * PNGs: the build copies them as they are (see electron.vite.config.ts), so building needs no
 * browser and no image library.
 *
 *   npm run icons
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/browser';

const folder = path.resolve(import.meta.dirname, '..', 'resources', 'artwork');

/** Each PNG: its source, its size, its file. */
export const appIcons = [
  { source: 'meridian.svg', size: 192, file: 'meridian-192.png' },
  { source: 'meridian.svg', size: 512, file: 'meridian-512.png' },
  // iOS draws its own rounded corners over a square picture: the full-bleed one.
  { source: 'meridian-maskable.svg', size: 180, file: 'apple-touch-icon.png' },
  { source: 'meridian-maskable.svg', size: 512, file: 'meridian-maskable-512.png' },
] as const;

async function main(): Promise<void> {
  const found = findChromium({ headless: true });
  const browser = await chromium.launch({ executablePath: found?.executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const icon of appIcons) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      const svg = readFileSync(path.join(folder, icon.source), 'utf8');
      await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${icon.size}px;height:${icon.size}px}</style>${svg}`);
      writeFileSync(path.join(folder, icon.file), await page.screenshot({ omitBackground: true }));
      console.log(path.join('resources', 'artwork', icon.file));
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run screenshots`: the main screens of the browser build, at 900×600, 1280×800 and
 * 1920×1080, and as a phone at 390×844 (touch, the phone layout of SPEC 11), in the light and the
 * dark theme, into docs/screenshots/ (NAME-WIDTHxHEIGHT-THEME.png).
 * It starts the bundled backend on the demo data (in memory, port 0), signs in as Alice Nguyen
 * (Northwind Health) with Bella Martins (Contoso Legal) beside her, and drives Chromium.
 *
 *   npm run screenshots                              # every screen, size and theme
 *   npm run screenshots -- chat contact-card 900x600 dark   # only those screens, sizes, themes
 *   npm run screenshots -- 390x844                          # the phone's
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { findChromium } from '../e2e/browser';
import { writeToneWav } from '../e2e/media/toneWav';
import { bundledDemoSeedPath, startServer, type RunningServer } from '../src-backend/server';

const root = path.resolve(import.meta.dirname, '..');
const folder = path.join(root, 'docs', 'screenshots');
const sizes = [
  { width: 900, height: 600, phone: false },
  { width: 1280, height: 800, phone: false },
  { width: 1920, height: 1080, phone: false },
  { width: 390, height: 844, phone: true },
] as const;

type Size = (typeof sizes)[number];
const themes = ['light', 'dark'] as const;

type Theme = (typeof themes)[number];

interface Screen {
  name: string;
  /** Brings a signed-in page (Alice's) to the screen; `other` is Bella's page, for live things; `more`, the pages of `people`. */
  show: (page: Page, other: Page, more: Page[]) => Promise<void>;
  /** The same screen on a phone, where it is reached differently (one pane at a time). */
  phone?: (page: Page, other: Page, more: Page[]) => Promise<void>;
  /** A screen only a phone has (the conversation list as a pane of its own). */
  phoneOnly?: boolean;
  /** The sign-in screen is shown signed out. */
  signedOut?: boolean;
  /** More people signed in beside Alice and Bella (demo names). */
  people?: string[];
  /** The backend starts its media server (Janus) for this screen. */
  media?: boolean;
}

/** Joins the meeting under way in a channel from its header, camera on. */
async function joinWithCamera(page: Page, channel: string): Promise<void> {
  await openConversation(page, channel);
  await page.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
  const meeting = page.getByRole('region', { name: 'Meeting' });
  await meeting.getByRole('button', { name: 'Camera' }).click();
  await meeting.getByRole('button', { name: 'Camera', pressed: true }).waitFor();
}

async function openConversation(page: Page, title: string): Promise<void> {
  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true }).getByRole('button').click();
  await page.getByRole('log', { name: 'Messages' }).locator('article, .notice-row').first().waitFor();
}

const screens: Screen[] = [
  { name: 'sign-in', signedOut: true, show: async (page) => void (await page.getByRole('list', { name: 'Demo people' }).waitFor()) },
  {
    name: 'conversations',
    phoneOnly: true,
    show: async (page) => void (await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first().waitFor()),
  },
  {
    name: 'chat',
    show: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      const members = page.getByRole('button', { name: 'Members' });
      if ((await members.getAttribute('aria-expanded')) !== 'true') await members.click();
      await page.getByRole('list', { name: 'Members' }).waitFor();
    },
    // On a phone the members are a sheet of their own (group-chat shows it): the conversation, with the latest in view.
    phone: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      const latest = page.getByRole('button', { name: 'Jump to latest' });
      if (await latest.isVisible()) await latest.click();
    },
  },
  {
    // Formatted messages, reactions and a mention of Alice (the demo data's contoso-legal-review), with the picker open on one.
    name: 'emoji-picker',
    show: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      const message = page.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Good catch' });
      await message.hover();
      await message.getByRole('button', { name: 'Add reaction' }).click();
      const picker = page.getByRole('dialog', { name: 'Emoji' });
      await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('hand');
      await picker.getByRole('button', { name: 'raising hands', exact: true }).waitFor();
      // The pictures load as they come into view: wait for those in the picker.
      await page.waitForFunction(() => {
        const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ complete: boolean }> } };
        return [...document.querySelectorAll('[role=dialog] img')].every((image) => image.complete);
      });
    },
  },
  {
    // A message's More actions menu (Mark unread, Copy link, Pin).
    name: 'more-actions',
    show: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      const message = page.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Good catch' });
      await message.hover();
      await message.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menuitem', { name: 'Mark unread' }).waitFor();
    },
  },
  {
    // A message pinned from its menu, then the channel's Pinned messages.
    name: 'pinned-messages',
    show: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      const message = page.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Good catch' });
      await message.hover();
      await message.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menuitem', { name: 'Pin' }).click();
      await page.getByRole('button', { name: 'Pinned messages' }).click();
      await page.getByRole('dialog', { name: 'Pinned messages' }).getByRole('listitem').first().waitFor();
    },
  },
  {
    name: 'threads-view',
    show: async (page) => {
      await page.getByRole('button', { name: 'Threads', exact: true }).click();
      await page.getByRole('heading', { name: 'Threads', level: 2 }).waitFor();
    },
  },
  {
    name: 'mentions-view',
    show: async (page) => {
      await page.getByRole('button', { name: 'Mentions', exact: true }).click();
      await page.getByRole('heading', { name: 'Mentions', level: 2 }).waitFor();
    },
  },
  {
    name: 'keyboard-shortcuts',
    show: async (page) => {
      await page.getByRole('searchbox', { name: 'Search' }).focus();
      await page.keyboard.press('Control+/');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    },
  },
  {
    name: 'set-status',
    show: async (page) => {
      await page.getByRole('button', { name: 'Set status' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set status' });
      await dialog.getByRole('combobox', { name: 'Clear after' }).selectOption({ label: '1 hour' });
    },
  },
  {
    // The list with Unread only pressed: its Unread section.
    name: 'unread-only',
    show: async (page) => {
      await page.getByRole('button', { name: 'Unread only' }).click();
      await page.getByRole('button', { name: 'Unread only', pressed: true }).waitFor();
    },
  },
  {
    name: 'chat-with-call',
    show: async (page, other) => {
      await openConversation(page, 'Bella Martins');
      await page.getByRole('button', { name: 'Meet now' }).click();
      await other.getByRole('dialog', { name: 'Meeting invitation' }).getByRole('button', { name: 'Join' }).click();
      await page.getByRole('region', { name: 'Meeting' }).getByRole('listitem').nth(1).waitFor();
    },
  },
  {
    // A meeting of four with cameras on, through the media server: Alice does not see Bob (UNKNOWN USER).
    name: 'meeting-of-four',
    people: ['Carl Jensen', 'Bob Alvarez'],
    media: true,
    show: async (page, other, more) => {
      await openConversation(other, 'data-sharing-agreement');
      await other.getByRole('button', { name: 'Meet now' }).click();
      const meeting = other.getByRole('region', { name: 'Meeting' });
      await meeting.getByRole('button', { name: 'Camera' }).click();
      for (const person of [...more, page]) await joinWithCamera(person, 'data-sharing-agreement');
      await page.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' }).getByRole('listitem').nth(3).waitFor();
      await more[1]!.getByRole('region', { name: 'Meeting' }).getByRole('button', { name: 'Mute' }).click();
      // Every other participant's camera is playing on Alice's screen.
      await page.waitForFunction(() => {
        const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<{ readyState: number; videoWidth: number }> } };
        const videos = Array.from(document.querySelectorAll('[aria-label="Meeting"] video'));
        return videos.length >= 4 && videos.every((video) => video.readyState >= 2 && video.videoWidth > 0);
      }, undefined, { timeout: 20_000 });
    },
  },
  {
    // A call with video both ways (Chromium's fake camera): Bella's in the region, Alice's own in its corner.
    name: 'call-with-video',
    show: async (page, other) => {
      await page.getByRole('tab', { name: 'Calling' }).click();
      const dialer = page.getByRole('form', { name: 'Dialer' });
      await dialer.getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
      await dialer.getByRole('button', { name: 'Call', exact: true }).click();
      await other.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
      for (const side of [page, other]) await side.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Camera' }).click();
      // Frames drawn on both sides of Alice's screen: Bella's video and her own.
      for (const label of ['Video of Bella Martins', 'Your camera']) {
        await page.waitForFunction((name) => {
          const { document } = globalThis as unknown as { document: { querySelector(selector: string): { videoWidth: number; currentTime: number } | null } };
          const video = document.querySelector(`video[aria-label="${name}"]`);
          return !!video && video.videoWidth > 0 && video.currentTime > 0.5;
        }, label);
      }
    },
  },
  {
    name: 'calling',
    show: async (page) => {
      await page.getByRole('tab', { name: 'Calling' }).click();
      await page.getByRole('list', { name: 'Call history', exact: true }).waitFor();
    },
  },
  {
    name: 'voicemail',
    show: async (page) => {
      await page.getByRole('tab', { name: 'Calling' }).click();
      await page.getByRole('tab', { name: 'Voicemail' }).click();
      await page.getByRole('list', { name: 'Voicemail', exact: true }).waitFor();
    },
  },
  {
    name: 'meetings',
    show: async (page) => {
      await openConversation(page, 'general');
      await page.getByRole('button', { name: 'Meet now' }).click();
      await page.getByRole('region', { name: 'Meeting' }).waitFor();
      await page.getByRole('tab', { name: 'Meetings' }).click();
      await page.getByRole('list', { name: 'Ongoing meetings' }).getByRole('listitem').first().waitFor();
    },
    // The meeting fills a phone's screen until it is minimized; then back to the list and its tabs.
    phone: async (page) => {
      await openConversation(page, 'general');
      await page.getByRole('button', { name: 'Meet now' }).click();
      await page.getByRole('button', { name: 'Minimize' }).click();
      await page.getByRole('button', { name: 'Back to conversations' }).click();
      await page.getByRole('tab', { name: 'Meetings' }).click();
      await page.getByRole('list', { name: 'Ongoing meetings' }).getByRole('listitem').first().waitFor();
    },
  },
  {
    name: 'contact-card',
    show: async (page) => {
      await page.getByRole('searchbox', { name: 'Search' }).fill('Bella');
      await page.getByRole('option', { name: /Bella Martins/ }).click();
      await page.getByRole('dialog', { name: 'Bella Martins' }).waitFor();
    },
  },
  {
    name: 'thread',
    show: async (page) => {
      await openConversation(page, 'contoso-legal-review');
      await page.getByRole('log', { name: 'Messages' }).getByRole('button', { name: '3 replies' }).click();
      await page.getByRole('region', { name: 'Thread' }).getByRole('log', { name: 'Replies' }).getByRole('article').nth(2).waitFor();
      await page.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).fill('I will send the table to Marcus tonight.');
    },
  },
  {
    name: 'group-chat',
    show: async (page) => {
      await openConversation(page, 'Bella Martins, Daniel Cohen');
      const members = page.getByRole('button', { name: 'Members' });
      if ((await members.getAttribute('aria-expanded')) !== 'true') await members.click();
      await page.getByRole('list', { name: 'Members' }).waitFor();
    },
  },
  {
    name: 'message-search',
    show: async (page) => {
      const search = page.getByRole('searchbox', { name: 'Search' });
      await search.fill('section');
      await search.press('Enter');
      await page.getByRole('list', { name: 'Message results' }).getByRole('listitem').first().waitFor();
    },
  },
  {
    name: 'search-by-number',
    show: async (page) => {
      await page.getByRole('searchbox', { name: 'Search' }).fill('415555');
      await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().waitFor();
    },
  },
];

/** A browser window of this size; at a phone's size, a phone's (touch, mobile viewport), without the service worker's precaching. */
function contextOptions(size: Size, theme: Theme) {
  const viewport = { width: size.width, height: size.height };
  return { viewport, colorScheme: theme, locale: 'en-US', timezoneId: 'America/New_York', ...(size.phone ? { isMobile: true, hasTouch: true, serviceWorkers: 'block' as const } : {}) };
}

async function signedIn(browser: Browser, server: RunningServer, name: string, size: Size, theme: Theme): Promise<Page> {
  const context = await browser.newContext(contextOptions(size, theme));
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const pick = <T>(all: readonly T[], name: (item: T) => string) => {
    const named = all.filter((item) => only.includes(name(item)));
    return named.length > 0 ? named : all;
  };
  const chosen = pick(screens, (screen) => screen.name);
  const chosenSizes = pick(sizes, (size) => `${size.width}x${size.height}`);
  const chosenThemes = pick(themes, (theme) => theme);
  const found = findChromium({ headless: true });
  // Calls need a camera and a microphone: Chromium's fake ones, a tone as the voice.
  const media = mkdtempSync(path.join(os.tmpdir(), 'meridian-screenshots-'));
  const tone = writeToneWav(path.join(media, 'tone.wav'));
  const browser = await chromium.launch({
    executablePath: found?.executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${tone}`, '--autoplay-policy=no-user-gesture-required'],
  });
  mkdirSync(folder, { recursive: true });
  try {
    for (const screen of chosen) {
      for (const size of chosenSizes) {
        if (screen.phoneOnly && !size.phone) continue;
        const show = (size.phone && screen.phone) || screen.show;
        for (const theme of chosenThemes) {
          // A fresh backend per shot: every screen starts from the same demo data.
          const server = await startServer({ db: ':memory:', seedFile: bundledDemoSeedPath(), demo: true, port: 0, mediaServer: screen.media ? 'start' : 'off' });
          try {
            let page: Page;
            if (screen.signedOut) {
              const context = await browser.newContext(contextOptions(size, theme));
              page = await context.newPage();
              await page.goto(server.url);
              await show(page, page, []);
            } else {
              page = await signedIn(browser, server, 'Alice Nguyen', size, theme);
              const other = await signedIn(browser, server, 'Bella Martins', size, theme);
              const more: Page[] = [];
              for (const name of screen.people ?? []) more.push(await signedIn(browser, server, name, size, theme));
              await show(page, other, more);
            }
            // A finger leaves no hover behind: no message's actions showing where the last tap was.
            if (size.phone) await page.mouse.move(size.width / 2, 1);
            // Let the last layout and fonts settle (the caret and transitions are off in screenshots).
            await page.evaluate(() => {
              const frame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame;
              return new Promise<void>((resolve) => frame(() => frame(resolve)));
            });
            const file = path.join(folder, `${screen.name}-${size.width}x${size.height}-${theme}.png`);
            await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
            console.log(path.relative(root, file));
          } finally {
            for (const context of browser.contexts()) await context.close();
            await server.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
    rmSync(media, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The renderer runs under a strict Content Security Policy (no inline script, no inline style but
 * what carries the page's nonce (the dialogs' scroll lock), connections
 * only to its own server, images (emoji pictures among them) from the app itself), and nothing the
 * app does in its main flows is blocked by it: a blocked
 * style or script would be a silently broken screen, so every violation the page reports fails.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { searchEmoji } from './helpers';

/** Violations the page reported since it loaded: "directive blocked-uri". */
const violations = (page: Page) => page.evaluate<string[]>(`window.cspViolations`);

/**
 * Alice's client, recording every violation from its first script on, signed in. The policy the
 * browser build is served with is checked on the way (Electron sets its own through the protocol).
 */
async function recordingClient(openClient: () => Promise<Page>, platform: string): Promise<Page> {
  const alice = await openClient();
  await alice.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber));
  `);
  const response = await alice.reload();
  if (platform === 'browser') {
    const policy = response?.headers()['content-security-policy'] ?? '';
    // Styles from the app's own files, and <style> elements only with this page's own nonce.
    expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9_-]{24}';/);
    expect(policy).toContain("connect-src 'self';");
    // Images (emoji pictures too) and fonts only from the app itself (fonts by default-src).
    expect(policy).toContain("img-src 'self' data: blob:;");
    expect(policy).toMatch(/^default-src 'self';/);
    expect(policy).not.toContain('font-src');
    expect(policy).not.toContain('unsafe-inline');
  }
  // Signed in already (the session kept), or the sign-in form: whichever shows first once the page has rendered.
  const connected = alice.getByRole('status').filter({ hasText: 'Connected' });
  await expect(alice.getByLabel('Email').or(connected)).toBeVisible();
  if (await alice.getByLabel('Email').isVisible()) {
    await alice.getByLabel('Email').fill('alice@northwind.example');
    await alice.getByLabel('Password').fill('demo');
    await alice.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await expect(connected).toBeVisible();
  return alice;
}

// The main flows in two tests, each well inside its timeout.
test('a strict content security policy blocks nothing of a chat across accounts with a previewed image', async ({ openClient, signIn, platform }) => {
  const bella = await signIn('bella@contoso.example');
  const alice = await recordingClient(openClient, platform);

  // A chat across accounts, with a message and a previewed image (a blob: URL).
  await alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();
  await alice.getByRole('textbox', { name: 'Message' }).fill('Checking the policy');
  await alice.getByRole('button', { name: 'Send' }).click();
  const chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('button', { name: 'Attach file' }).click();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await (await chooser).setFiles({ name: 'ward-map.png', mimeType: 'image/png', buffer: png });
  // The chosen file waits in the composer until Send (issue 11), then previews in the log.
  await expect(alice.getByRole('list', { name: 'Attached files' })).toContainText('ward-map.png');
  await expect(alice.getByRole('list', { name: 'Attached files' })).not.toContainText('Uploading');
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(alice.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'ward-map.png' })).toBeVisible();
  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen' }).getByRole('button').click();
  await expect(bella.getByRole('log', { name: 'Messages' })).toContainText('Checking the policy');

  expect(await violations(alice)).toEqual([]);
});

test('a strict content security policy blocks nothing of formatting, emoji, reactions, search, dialogs and sections', async ({ openClient, platform }) => {
  const alice = await recordingClient(openClient, platform);
  await alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();

  // Formatting, a mention, an emoji picture from the picker (the app's own file), a reaction and who reacted (a tooltip).
  const box = alice.getByRole('textbox', { name: 'Message' });
  await box.fill('**Formatted** with `code` for ');
  await box.press('End');
  await box.pressSequentially('@Bel');
  await alice.getByRole('listbox', { name: 'Mentions' }).getByRole('option', { name: /Bella Martins/ }).click();
  await alice.getByRole('button', { name: 'Insert emoji' }).click();
  await (await searchEmoji(alice, 'rocket')).getByRole('button', { name: 'rocket', exact: true }).click();
  await box.press('Enter');
  const formatted = alice.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Formatted with code for @Bella Martins' });
  const rocket = formatted.getByRole('img', { name: '🚀' });
  await expect(rocket).toBeVisible();
  await expect.poll(() => rocket.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await formatted.hover();
  await formatted.getByRole('button', { name: 'Add reaction' }).click();
  await expect((await searchEmoji(alice, 'thumbs up')).getByRole('button', { name: 'thumbs up', exact: true })).toBeVisible();
  await alice.keyboard.press('Enter');
  await formatted.getByRole('button', { name: /^👍 1/ }).hover();
  await expect(alice.getByRole('tooltip')).toContainText('Alice Nguyen');

  // Search, a contact card, the status dialog, the other sections.
  await alice.getByRole('searchbox', { name: 'Search' }).fill('bel');
  await alice.getByRole('listbox', { name: 'Search results' }).getByRole('option').filter({ hasText: 'Bella Martins' }).click();
  await expect(alice.getByRole('dialog', { name: 'Bella Martins' })).toBeVisible();
  await alice.keyboard.press('Escape');
  await alice.getByRole('button', { name: 'Set status' }).click();
  await expect(alice.getByRole('dialog', { name: 'Set status' })).toBeVisible();
  await alice.keyboard.press('Escape');
  await alice.getByRole('tab', { name: 'Calling' }).click();
  await expect(alice.getByRole('form', { name: 'Dialer' })).toBeVisible();
  await alice.getByRole('tab', { name: 'Meetings' }).click();
  await alice.getByRole('button', { name: 'Schedule meeting' }).click();
  await expect(alice.getByRole('dialog', { name: 'Schedule meeting' })).toBeVisible();
  await alice.keyboard.press('Escape');

  expect(await violations(alice)).toEqual([]);
});

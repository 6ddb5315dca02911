/**
 * axe-core (through @axe-core/playwright) on every screen and dialog issue 10 lists, in the
 * light and the dark theme: no violation of serious or critical impact may remain.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';
import { axeFindings, describeFinding, isSerious } from './axe';

/** Runs axe on the page as it is and fails, naming each rule and node, on anything serious or critical. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const findings = await axeFindings(page);
  // Findings of lesser impact do not fail the test; they are listed in the report as annotations.
  const lesser = findings.filter((finding) => !isSerious(finding));
  if (lesser.length > 0) test.info().annotations.push({ type: 'axe', description: `${what}: ${lesser.map((finding) => `${finding.id} (${finding.impact}, ${finding.nodes.length})`).join(', ')}` });
  expect(findings.filter(isSerious).map(describeFinding), `axe on ${what}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('sign-in', async ({ openClient }) => {
      const page = await openClient();
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
      await expectAccessible(page, 'sign-in');
      await page.getByLabel('Email').fill('alice@northwind.example');
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectAccessible(page, 'a refused sign-in');
    });

    test('chat with a channel and its members open, and search results', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await expect((await openConversation(alice, 'deal-room')).getByRole('article').first()).toBeVisible();
      await expect(alice.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
      await expectAccessible(alice, 'a channel with its members');
      await alice.getByRole('searchbox', { name: 'Search' }).fill('b');
      await expect(alice.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
      await expectAccessible(alice, 'search results');
    });

    test('a thread beside its channel, and message results', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      const log = await openConversation(alice, 'deal-room');
      await log.getByRole('article').first().hover();
      await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).click();
      const thread = alice.getByRole('region', { name: 'Thread' });
      // A reply with what a message offers to click: a number to call and a link, checked for contrast in both themes.
      await thread.getByRole('textbox', { name: 'Reply' }).fill('A reply: call (415) 555-0101, or see [the plan](https://example.com/plan)');
      await thread.getByRole('textbox', { name: 'Reply' }).press('Enter');
      await expect(thread.getByRole('log', { name: 'Replies' }).getByRole('article')).toHaveCount(1);
      await expect(thread.getByRole('button', { name: 'Call (415) 555-0101' })).toBeVisible();
      await expect(thread.getByRole('link', { name: 'the plan' })).toBeVisible();
      await expect(log.getByRole('button', { name: '1 reply' })).toBeVisible();
      await expectAccessible(alice, 'a thread open beside its channel');
      await alice.getByRole('searchbox', { name: 'Search' }).fill('draft');
      await alice.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await expect(alice.getByRole('list', { name: 'Message results' }).getByRole('listitem')).toHaveCount(1);
      await expectAccessible(alice, 'message results');
    });

    // Apart from the thread: both in one test took longer than a test may on a loaded machine.
    test('New chat with several people, and a group chat', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await alice.getByRole('button', { name: 'New chat' }).click();
      const dialog = alice.getByRole('dialog', { name: 'New chat' });
      for (const name of ['Bella', 'Brian']) {
        await dialog.getByRole('searchbox', { name: 'Search' }).fill(name);
        await dialog.getByRole('option').first().click();
      }
      await expect(dialog.getByRole('list', { name: 'Selected people' }).getByRole('listitem')).toHaveCount(2);
      await expectAccessible(alice, 'New chat with two people picked');
      await dialog.getByRole('button', { name: 'Start chat' }).click();
      await expect(alice.getByRole('region', { name: 'Bella Martins, Brian Okafor' })).toBeVisible();
      await expectAccessible(alice, 'a group chat');
    });

    test('calling with history and voicemail', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await alice.getByRole('tab', { name: 'Calling' }).click();
      await expect(alice.getByRole('list', { name: 'Call history', exact: true }).getByRole('listitem').first()).toBeVisible();
      await expectAccessible(alice, 'call history');
      await alice.getByRole('tab', { name: 'Voicemail' }).click();
      await expect(alice.getByRole('list', { name: 'Voicemail', exact: true }).getByRole('listitem').first()).toBeVisible();
      await expectAccessible(alice, 'voicemail');
    });

    test('meetings with a meeting under way, and a call in the dock', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await openConversation(alice, 'general');
      await alice.getByRole('button', { name: 'Meet now' }).click();
      await alice.getByRole('tab', { name: 'Meetings' }).click();
      await expect(alice.getByRole('list', { name: 'Ongoing meetings' })).toContainText('Meeting in #general');
      await expect(alice.getByRole('region', { name: 'Meeting' })).toBeVisible();
      await expectAccessible(alice, 'meetings with a meeting under way');
      await alice.getByRole('tab', { name: 'Calling' }).click();
      await alice.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('8005550199');
      await alice.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();
      await expect(alice.getByRole('region', { name: 'Active call' })).toContainText('Connected');
      await expectAccessible(alice, 'an active call and a meeting in the dock');
    });

    // The dialogs in three tests, each well inside its timeout: every one of them opened over a
    // signed-in app, axe run on the page with the dialog open.
    test('dialogs opened from the header: contact card, New chat, New channel, Set status, Profile', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');

      await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
      await alice.getByRole('option', { name: /Bella Martins/ }).click();
      await expect(alice.getByRole('dialog', { name: 'Bella Martins' })).toBeVisible();
      await expectAccessible(alice, 'the contact card');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'New chat' }).click();
      await alice.getByRole('dialog', { name: 'New chat' }).getByRole('searchbox', { name: 'Search' }).fill('b');
      await expect(alice.getByRole('dialog', { name: 'New chat' }).getByRole('option').first()).toBeVisible();
      await expectAccessible(alice, 'New chat');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'New channel' }).click();
      await expect(alice.getByRole('dialog', { name: 'New channel' })).toBeVisible();
      await expectAccessible(alice, 'New channel');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'Set status' }).click();
      await expect(alice.getByRole('dialog', { name: 'Set status' })).toBeVisible();
      await expectAccessible(alice, 'Set status');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'Profile', exact: true }).click();
      await expect(alice.getByRole('dialog', { name: 'Profile' }).getByRole('textbox', { name: 'Display name' })).toBeVisible();
      await expectAccessible(alice, 'Profile');
      await alice.keyboard.press('Escape');
    });

    test('Keyboard shortcuts, and a channel by keyboard: the skip link shown, a message with focus', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await alice.keyboard.press('Control+/');
      await expect(alice.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await expectAccessible(alice, 'Keyboard shortcuts');
      await alice.keyboard.press('Escape');

      const log = await openConversation(alice, 'general');
      await log.getByRole('article').last().focus();
      await alice.getByRole('link', { name: 'Skip to message box' }).focus();
      await expect(alice.getByRole('link', { name: 'Skip to message box' })).toBeInViewport();
      await expectAccessible(alice, 'the skip link shown');
      await log.getByRole('article').last().focus();
      await expectAccessible(alice, 'a message with focus');
    });

    test('a message’s More actions menu, the emoji picker, and Pinned messages', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      const log = await openConversation(alice, 'deal-room');
      const message = log.getByRole('article').first();
      await message.hover();
      await message.getByRole('button', { name: 'More actions' }).click();
      await expect(alice.getByRole('menuitem', { name: 'Mark unread' })).toBeVisible();
      await expect(alice.getByRole('menuitem', { name: 'Copy link' })).toBeVisible();
      await expectAccessible(alice, 'the More actions menu');
      await alice.getByRole('menuitem', { name: 'Pin' }).click();
      await message.hover();
      await message.getByRole('button', { name: 'Add reaction' }).click();
      await expect(alice.getByRole('dialog', { name: 'Emoji' }).getByRole('region', { name: 'All emoji' }).getByRole('button').first()).toBeVisible();
      await expectAccessible(alice, 'the emoji picker');
      await alice.keyboard.press('Escape');
      await alice.getByRole('button', { name: 'Pinned messages' }).click();
      await expect(alice.getByRole('dialog', { name: 'Pinned messages' }).getByRole('listitem').first()).toBeVisible();
      await expectAccessible(alice, 'Pinned messages');
    });

    test('Threads and Mentions views, Unread only, @here completion, and Set status with Clear after', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await alice.getByRole('button', { name: 'Threads', exact: true }).click();
      await expect(alice.getByRole('heading', { name: 'Threads', level: 2 })).toBeVisible();
      await expectAccessible(alice, 'the Threads view');
      await alice.getByRole('button', { name: 'Mentions', exact: true }).click();
      await expect(alice.getByRole('heading', { name: 'Mentions', level: 2 })).toBeVisible();
      await expect(alice.getByText('Nobody has mentioned you yet.', { exact: false })).toBeVisible();
      await expectAccessible(alice, 'the Mentions view');
      await alice.getByRole('button', { name: 'Unread only' }).click();
      await expect(alice.getByRole('button', { name: 'Unread only', pressed: true })).toBeVisible();
      await expectAccessible(alice, 'the list, unread only');
      await alice.getByRole('button', { name: 'Unread only' }).click();
      await openConversation(alice, 'deal-room');
      await alice.getByRole('textbox', { name: 'Message' }).pressSequentially('@he');
      await expect(alice.getByRole('listbox', { name: 'Mentions' }).getByRole('option').first()).toBeVisible();
      await expectAccessible(alice, '@here completion');
      await alice.keyboard.press('Escape');
      await alice.getByRole('button', { name: 'Set status' }).click();
      await expect(alice.getByRole('dialog', { name: 'Set status' }).getByRole('combobox', { name: 'Clear after' })).toBeVisible();
      await expectAccessible(alice, 'Set status with Clear after');
    });

    test('dialogs opened from a channel: Invite people, Schedule meeting, Confirm', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      await openConversation(alice, 'general');

      await alice.getByRole('button', { name: 'Invite', exact: true }).click();
      const invite = alice.getByRole('dialog', { name: 'Invite people' });
      await invite.getByRole('searchbox', { name: 'Search' }).fill('Bella');
      await invite.getByRole('option', { name: /Bella Martins/ }).click();
      await expect(invite.getByRole('list', { name: 'Selected people' })).toContainText('Bella Martins');
      await expectAccessible(alice, 'Invite people');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'Schedule meeting' }).click();
      await expect(alice.getByRole('dialog', { name: 'Schedule meeting' })).toBeVisible();
      await expectAccessible(alice, 'Schedule meeting');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'Leave channel' }).click();
      await expect(alice.getByRole('dialog', { name: 'Confirm' })).toBeVisible();
      await expectAccessible(alice, 'Confirm');
      await alice.keyboard.press('Escape');
    });

    test('dialogs another person opens: Incoming call, Meeting invitation', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      const bella = await signIn('bella@contoso.example');

      await bella.getByRole('tab', { name: 'Calling' }).click();
      await bella.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('4155550101');
      await bella.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();
      await expect(alice.getByRole('dialog', { name: 'Incoming call' })).toContainText('Bella Martins');
      await expectAccessible(alice, 'Incoming call');
      await bella.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Hang up' }).click();
      await expect(alice.getByRole('dialog', { name: 'Incoming call' })).toHaveCount(0);

      await openConversation(bella, 'Alice Nguyen');
      await bella.getByRole('button', { name: 'Meet now' }).click();
      await expect(alice.getByRole('dialog', { name: 'Meeting invitation' })).toBeVisible();
      await expectAccessible(alice, 'Meeting invitation');
    });
  });
}

/**
 * Every main screen, sheet and dialog on the smallest phone (360×640), in both themes: touch
 * targets of at least 44×44 px, nothing that scrolls sideways, and no axe-core finding of any
 * impact (SPEC 11).
 */
import { expectPhoneReady } from './pageChecks';
import { expect, longPress, openConversation, test } from './phone';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`360×640, ${colorScheme}`, () => {
    test.use({ colorScheme, viewport: { width: 360, height: 640 } });
    // Several screens each, axe-core on every one.
    test.describe.configure({ timeout: 90_000 });

    test('sign-in, and a refused one', async ({ openClient }) => {
      const page = await openClient();
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
      await expectPhoneReady(page, 'sign-in');
      await page.getByLabel('Email').fill('alice@northwind.example');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).tap();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectPhoneReady(page, 'a refused sign-in');
    });

    test('the list, the account panel, Set status, search, a contact card and message results', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      // Her three conversations, each named (the list's section headings are items without a name).
      await expect(alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: /\S/ })).toHaveCount(3);
      await expectPhoneReady(alice, 'the conversation list');

      await alice.getByRole('button', { name: 'Account' }).tap();
      await expect(alice.getByRole('button', { name: 'Set status' })).toBeVisible();
      await expectPhoneReady(alice, 'the account panel');
      await alice.getByRole('button', { name: 'Set status' }).tap();
      await expect(alice.getByRole('dialog', { name: 'Set status' })).toBeVisible();
      await expectPhoneReady(alice, 'Set status');
      await alice.getByRole('dialog', { name: 'Set status' }).getByRole('button', { name: 'Cancel' }).tap();
      await alice.getByRole('button', { name: 'Account' }).tap();
      await expect(alice.getByRole('button', { name: 'Set status' })).toBeHidden();

      await alice.getByRole('searchbox', { name: 'Search' }).tap();
      await alice.getByRole('searchbox', { name: 'Search' }).pressSequentially('b');
      await expect(alice.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
      await expectPhoneReady(alice, 'search results');
      await alice.getByRole('option', { name: /Bella Martins/ }).tap();
      await expect(alice.getByRole('dialog', { name: 'Bella Martins' })).toContainText('Federated');
      await expectPhoneReady(alice, 'a contact card');
      await alice.getByRole('dialog', { name: 'Bella Martins' }).getByRole('button', { name: 'Close' }).tap();

      await alice.getByRole('searchbox', { name: 'Search' }).fill('draft');
      await alice.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await expect(alice.getByRole('list', { name: 'Message results' }).getByRole('listitem')).toHaveCount(1);
      await expectPhoneReady(alice, 'message results');
    });

    test('a channel, its message actions, a thread, its members, the emoji picker and New channel', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      const log = await openConversation(alice, 'deal-room');
      await expect(log.getByRole('article')).toHaveCount(1);
      await expectPhoneReady(alice, 'a channel');

      await longPress(alice, log.getByRole('article').first().getByText('Draft is in the folder.'));
      await expect(log.getByRole('article').first().getByRole('button', { name: 'Add reaction' })).toBeVisible();
      await expectPhoneReady(alice, 'a message’s actions');
      await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).tap();
      const thread = alice.getByRole('region', { name: 'Thread' });
      await expect(thread.getByRole('textbox', { name: 'Reply' })).toBeVisible();
      await expectPhoneReady(alice, 'a thread');
      await thread.getByRole('button', { name: 'Close thread' }).tap();

      await alice.getByRole('button', { name: 'Members' }).tap();
      await expect(alice.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
      await expectPhoneReady(alice, 'a channel’s members');
      await alice.getByRole('button', { name: 'Close members' }).tap();

      await alice.getByRole('button', { name: 'Insert emoji' }).tap();
      // Searched: axe over all of its thousands of buttons would take minutes; each is alike.
      await alice.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs');
      await expect(alice.getByRole('dialog', { name: 'Emoji' }).getByRole('button', { name: 'thumbs up' }).first()).toBeVisible();
      await expectPhoneReady(alice, 'the emoji picker');
      await alice.getByRole('dialog', { name: 'Emoji' }).getByRole('button', { name: 'Close' }).tap();

      await alice.getByRole('button', { name: 'Back to conversations' }).tap();
      await alice.getByRole('button', { name: 'New channel' }).tap();
      await expect(alice.getByRole('dialog', { name: 'New channel' })).toBeVisible();
      await expectPhoneReady(alice, 'New channel');
    });

    test('Calling, Voicemail, Meetings, a call and a meeting filling the screen', async ({ signIn }) => {
      const alice = await signIn('alice@northwind.example');
      const bella = await signIn('bella@contoso.example');
      await alice.getByRole('tab', { name: 'Calling' }).tap();
      await expect(alice.getByRole('list', { name: 'Call history' })).toBeVisible();
      await expectPhoneReady(alice, 'Calling');
      await alice.getByRole('tab', { name: 'Voicemail' }).tap();
      await expect(alice.getByRole('list', { name: 'Voicemail' })).toBeVisible();
      await expectPhoneReady(alice, 'Voicemail');
      await alice.getByRole('tab', { name: 'Meetings' }).tap();
      await expectPhoneReady(alice, 'Meetings');

      await alice.getByRole('tab', { name: 'Calling' }).tap();
      await alice.getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
      await alice.getByRole('button', { name: 'Call', exact: true }).tap();
      await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).tap();
      await expect(alice.getByRole('region', { name: 'Active call' })).toContainText('Connected');
      await expectPhoneReady(alice, 'an active call');
      await expectPhoneReady(bella, 'an answered call');
      await alice.getByRole('button', { name: 'Hang up' }).tap();
      await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Close' }).tap();

      await openConversation(alice, 'general');
      await alice.getByRole('button', { name: 'Meet now' }).tap();
      await expect(alice.getByRole('region', { name: 'Meeting' })).toBeVisible();
      await expectPhoneReady(alice, 'a meeting');
    });
  });
}

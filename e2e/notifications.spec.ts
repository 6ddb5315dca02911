import { expect, test } from './fixtures';
import { inBackground, shown } from './helpers';


test('a message to a person whose window is in the background notifies them; a click opens the conversation; the unread count shows in the title', async ({ signIn, platform }) => {
  test.skip(
    platform === 'electron',
    'the page title and stubbed notifications are the browser build’s. Electron’s side is covered by src-main/mainProcess.test.ts “shows a native notification whose click brings the window back and opens the conversation” and “shows the unread count on the app icon and in the title”, and src-main/nativeIntegration.test.ts; the renderer opening the conversation is this test in the browser project',
  );
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await inBackground(bella);
  await expect(bella).toHaveTitle(/^\(\d+\) Meridian$/);
  const before = Number(/\((\d+)\)/.exec(await bella.title())![1]);

  await alice.getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();
  await alice.getByRole('textbox', { name: 'Message' }).fill('Are you free at 3?');
  await alice.getByRole('button', { name: 'Send' }).click();

  await expect.poll(() => shown(bella)).toEqual([{ title: 'Alice Nguyen', body: 'Are you free at 3?' }]);
  await expect(bella).toHaveTitle(`(${before + 1}) Meridian`);
  await bella.evaluate(`window.shownNotifications[0].onclick()`);
  await expect(bella.getByRole('region', { name: 'Alice Nguyen' }).getByRole('log', { name: 'Messages' })).toContainText('Are you free at 3?');
});

test('Do not disturb silences notifications', async ({ signIn, platform }) => {
  test.skip(
    platform === 'electron',
    'stubbed notifications are the browser build’s. Do not disturb is decided in the renderer (features/shell/notify.ts) before Electron’s main is asked, so this test in the browser project covers it; no test checks it in an Electron window',
  );
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('button', { name: 'Set status' }).click();
  await bella.getByRole('dialog', { name: 'Set status' }).getByRole('radio', { name: 'Do not disturb' }).check();
  await bella.getByRole('dialog', { name: 'Set status' }).getByRole('button', { name: 'Save' }).click();
  await inBackground(bella);

  await alice.getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();
  await alice.getByRole('textbox', { name: 'Message' }).fill('Quick question');
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(bella.getByRole('listitem', { name: 'Alice Nguyen' }).getByLabel('1 unread')).toBeVisible();
  expect(await shown(bella)).toEqual([]);
});

test('a reply in a thread notifies the people of that thread, by name or as UNKNOWN USER; a click opens the thread', async ({ signIn, platform }) => {
  test.skip(
    platform === 'electron',
    'stubbed notifications are the browser build’s. Electron’s side of a notification is covered by src-main/mainProcess.test.ts “shows a native notification whose click brings the window back and opens the conversation”; the renderer deciding to notify of a reply is this test in the browser project',
  );
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const bob = await signIn('bob@fabrikam.example');
  for (const page of [alice, bob]) await page.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  // Bob started a thread (his message in the seed) and Alice writes in it: both are its people now.
  const log = alice.getByRole('log', { name: 'Messages' });
  await log.getByRole('article').first().hover();
  await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).click();
  await alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).fill('Looking at it now.');
  await alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(bob.getByRole('log', { name: 'Messages' }).getByRole('button', { name: '1 reply' })).toBeVisible();
  await inBackground(alice);
  await inBackground(bob);

  await bella.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await bella.getByRole('log', { name: 'Messages' }).getByRole('button', { name: '1 reply' }).click();
  await bella.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).fill('Thanks both.');
  await bella.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect.poll(() => shown(alice)).toEqual([{ title: 'Bella Martins replied in a thread in #deal-room', body: 'Thanks both.' }]);
  // Bob may also have been notified of Alice's reply: its count showed on his screen before he went to the
  // background, but the reply itself can reach him a moment later, and he is one of the thread's people.
  // Bella's, which came after it, is the last.
  await expect.poll(async () => (await shown(bob)).at(-1)).toEqual({ title: 'Bella Martins replied in a thread in #deal-room', body: 'Thanks both.' });
  expect((await shown(bob)).filter((notification) => notification.body !== 'Looking at it now.')).toHaveLength(1);

  // Alice's next reply reaches Bob, who does not see her, as UNKNOWN USER's.
  await alice.getByRole('region', { name: 'Thread' }).getByRole('button', { name: 'Close thread' }).click();
  await alice.evaluate(`window.shownNotifications = []`);
  await log.getByRole('button', { name: '2 replies' }).click();
  await alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).fill('Signed off.');
  await alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect.poll(async () => (await shown(bob)).at(-1)).toEqual({ title: 'UNKNOWN USER replied in a thread in #deal-room', body: 'Signed off.' });
  await bob.evaluate(`window.shownNotifications.at(-1).onclick()`);
  await expect(bob.getByRole('region', { name: 'Thread' }).getByRole('log', { name: 'Replies' })).toContainText('Signed off.');
});

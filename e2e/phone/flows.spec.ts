/**
 * The main flows of e2e/, on a phone by tap, one pane at a time, with the names of SPEC 6: search,
 * chat, a channel with its invitation warning, a thread, a reaction by long-press, a mention,
 * message search, a call, a meeting and status. The desktop suite covers what each flow does;
 * these prove each can be done by touch on a phone, and that Back goes back one pane.
 */
import { expect, iPhone14, longPress, openConversation, test, typeInto } from './phone';

/** A test with a second person signs in twice (and a call sets up media) before it starts: more than one client's time. */
const twoPeople = 60_000;

test('search finds a federated person; their card opens a chat; Back goes back one pane at a time', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await typeInto(alice.getByRole('searchbox', { name: 'Search' }), 'Bella');
  const results = alice.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option', { name: /Bella Martins/ })).toContainText('Federated');
  await results.getByRole('option', { name: /Bella Martins/ }).tap();
  const card = alice.getByRole('dialog', { name: 'Bella Martins' });
  await expect(card).toContainText('From federated account: Contoso');
  await card.getByRole('button', { name: 'Chat' }).tap();

  // The conversation is the one pane now: no list, no tabs.
  const chat = alice.getByRole('region', { name: 'Bella Martins' });
  await expect(chat.getByRole('log', { name: 'Messages' })).toContainText('Hi Alice, can we talk today?');
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeHidden();
  await expect(alice.getByRole('tab', { name: 'Chat' })).toBeHidden();
  await expect(alice).toHaveURL(/#\/chat\/[^/]+$/);

  // The browser's (Android's) Back: to the list, where the conversation was.
  await alice.goBack();
  await expect(chat).toBeHidden();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(alice.getByRole('tab', { name: 'Chat' })).toBeVisible();
  await expect(alice).toHaveURL(/#\/chat$/);

  // And the app's own back button does the same.
  await openConversation(alice, 'general');
  await alice.getByRole('button', { name: 'Back to conversations' }).tap();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'general', exact: true }).getByRole('button')).toBeFocused();
});

test('chat by tap: a message sent from the phone arrives; a reaction by long-press on one that came', async ({ signIn }) => {
  test.setTimeout(twoPeople);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const aliceLog = await openConversation(alice, 'Bella Martins');
  await typeInto(alice.getByRole('textbox', { name: 'Message' }), 'Sent from my phone');
  await alice.getByRole('button', { name: 'Send' }).tap();
  const bellaLog = await openConversation(bella, 'Alice Nguyen');
  await expect(bellaLog.getByRole('article').filter({ hasText: 'Sent from my phone' })).toBeVisible();

  // Long-press on Bella's message: its actions, then the emoji sheet.
  const hers = aliceLog.getByRole('article').filter({ hasText: 'can we talk today?' });
  await longPress(alice, hers.getByText('can we talk today?'));
  // The press put focus on the message's actions: `More actions` where a message has that menu (SPEC 6), else the first one.
  await expect(hers.locator(':focus')).toHaveAccessibleName(/^(More actions|Reply in thread)$/);
  await hers.getByRole('button', { name: 'Add reaction' }).tap();
  const picker = alice.getByRole('dialog', { name: 'Emoji' });
  // The emoji load with the picker: a person waits to see them (the first, at the top) before searching.
  await expect(picker.getByRole('button', { name: 'grinning face', exact: true })).toBeVisible();
  await typeInto(picker.getByRole('searchbox', { name: 'Search emoji' }), 'thumbs up');
  await picker.getByRole('button', { name: 'thumbs up', exact: true }).tap();
  await expect(picker).toBeHidden();
  await expect(hers.getByRole('button', { name: /^👍 1/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(bellaLog.getByRole('article').filter({ hasText: 'can we talk today?' }).getByRole('button', { name: /^👍 1/ })).toHaveAttribute('aria-pressed', 'false');
});

test('a channel by tap: New channel, an invitation with its warning about another account, a mention', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('button', { name: 'New channel' }).tap();
  const dialog = alice.getByRole('dialog', { name: 'New channel' });
  await typeInto(dialog.getByRole('textbox', { name: 'Channel name' }), 'phone-launch');
  await dialog.getByRole('button', { name: 'Create' }).tap();
  const log = alice.getByRole('region', { name: 'phone-launch' }).getByRole('log', { name: 'Messages' });
  await expect(log).toBeVisible();

  await alice.getByRole('button', { name: 'Invite' }).tap();
  const invite = alice.getByRole('dialog', { name: 'Invite people' });
  await typeInto(invite.getByRole('searchbox', { name: 'Search' }), 'Bella');
  await invite.getByRole('option', { name: /Bella Martins/ }).tap();
  await expect(invite).toContainText('Contoso');
  await invite.getByRole('button', { name: 'Invite', exact: true }).tap();
  await expect(invite).toBeHidden();
  await expect(log).toContainText('Bella Martins');

  const box = alice.getByRole('textbox', { name: 'Message' });
  await typeInto(box, 'Launch review with @Bel');
  await alice.getByRole('listbox', { name: 'Mentions' }).getByRole('option', { name: /Bella Martins/ }).tap();
  await expect(box).toHaveValue('Launch review with @Bella Martins ');
  await alice.getByRole('button', { name: 'Send' }).tap();
  await expect(log.getByRole('article').filter({ hasText: 'Launch review' })).toContainText('@Bella Martins');
});

test('a thread is a sheet over its conversation: reply, then Back closes it and only it', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const log = await openConversation(alice, 'deal-room');
  const message = log.getByRole('article').filter({ hasText: 'Draft is in the folder.' });
  await longPress(alice, message.getByText('Draft is in the folder.'));
  await message.getByRole('button', { name: 'Reply in thread' }).tap();
  const thread = alice.getByRole('region', { name: 'Thread' });
  await typeInto(thread.getByRole('textbox', { name: 'Reply' }), 'Reading it on the train');
  await thread.getByRole('button', { name: 'Send' }).tap();
  await expect(thread.getByRole('log', { name: 'Replies' }).getByRole('article')).toHaveCount(1);
  await expect(alice).toHaveURL(/#\/chat\/[^/]+\/thread\/[^/]+$/);

  await alice.goBack();
  await expect(thread).toBeHidden();
  await expect(log.getByRole('button', { name: '1 reply' })).toBeVisible();
  await alice.goBack();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
});

test('message search by tap: Enter in Search, a result opens its conversation at the message; Back returns to the list', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const search = alice.getByRole('searchbox', { name: 'Search' });
  await typeInto(search, 'folder');
  await search.press('Enter');
  const results = alice.getByRole('region', { name: 'Message results' });
  await expect(results.getByRole('list', { name: 'Message results' }).getByRole('listitem')).toHaveCount(1);
  await results.getByRole('listitem').first().getByRole('button').tap();
  const log = alice.getByRole('region', { name: 'deal-room' }).getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('article').filter({ hasText: 'Draft is in the folder.' })).toBeVisible();
  await alice.goBack();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
});

test('a call fills the screen and hangs up by tap; Minimize and Back put it away, it stays in reach', async ({ signIn }) => {
  test.setTimeout(twoPeople);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await alice.getByRole('tab', { name: 'Calling' }).tap();
  await typeInto(alice.getByRole('textbox', { name: 'Phone number' }), '2125550141');
  await alice.getByRole('button', { name: 'Call', exact: true }).tap();
  const incoming = bella.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming).toContainText('Alice Nguyen');
  await incoming.getByRole('button', { name: 'Answer' }).tap();

  const call = alice.getByRole('region', { name: 'Active call' });
  await expect(call).toContainText('Connected');
  // It fills the screen: the tabs are gone, the region covers the viewport.
  await expect(alice.getByRole('tab', { name: 'Calling' })).toBeHidden();
  const viewport = alice.viewportSize()!;
  const box = (await call.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
  expect(box.height).toBeGreaterThan(viewport.height * 0.8);

  await alice.getByRole('button', { name: 'Minimize' }).tap();
  await expect(alice.getByRole('tab', { name: 'Calling' })).toBeVisible();
  await expect(call.getByRole('button', { name: 'Hang up' })).toBeVisible();
  await alice.getByRole('button', { name: 'Full screen' }).tap();
  await expect(alice.getByRole('tab', { name: 'Calling' })).toBeHidden();
  await alice.goBack();
  await expect(alice.getByRole('tab', { name: 'Calling' })).toBeVisible();

  await call.getByRole('button', { name: 'Hang up' }).tap();
  await expect(bella.getByRole('region', { name: 'Active call' })).toContainText('Call ended');
});

test('a meeting from a chat fills the screen; the invited person joins by tap; Leave', async ({ signIn }) => {
  test.setTimeout(twoPeople);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await openConversation(alice, 'Bella Martins');
  await alice.getByRole('button', { name: 'Meet now' }).tap();
  await bella.getByRole('dialog', { name: 'Meeting invitation' }).getByRole('button', { name: 'Join' }).tap();
  const meeting = alice.getByRole('region', { name: 'Meeting' });
  await expect(meeting.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  await expect(bella.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' })).toContainText('Alice Nguyen');
  await meeting.getByRole('button', { name: 'Leave' }).tap();
  await expect(meeting).toBeHidden();
  await expect(bella.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(1);
});

test('status by tap: Account, Set status, Busy with a message, seen by a federated person', async ({ signIn }) => {
  test.setTimeout(twoPeople);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await alice.getByRole('button', { name: 'Account' }).tap();
  await alice.getByRole('button', { name: 'Set status' }).tap();
  const dialog = alice.getByRole('dialog', { name: 'Set status' });
  await dialog.getByRole('radio', { name: 'Busy' }).tap();
  await typeInto(dialog.getByRole('textbox', { name: 'Status message' }), 'On the ward');
  await dialog.getByRole('button', { name: 'Save' }).tap();
  await expect(dialog).toBeHidden();
  await typeInto(bella.getByRole('searchbox', { name: 'Search' }), 'Alice');
  await bella.getByRole('option', { name: /Alice Nguyen/ }).tap();
  await expect(bella.getByRole('dialog', { name: 'Alice Nguyen' })).toContainText('Busy — On the ward');
});

test.describe('on an iPhone 14', () => {
  test.use(iPhone14);
  // This one signs in as a person does, by tap on the form (the others start with a session).
  test.use({ signInBy: 'form' });

  test('sign in, a conversation and back, a message, by tap', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    expect(alice.viewportSize()).toEqual({ width: 390, height: 664 });
    const log = await openConversation(alice, 'general');
    await typeInto(alice.getByRole('textbox', { name: 'Message' }), 'From an iPhone');
    await alice.getByRole('button', { name: 'Send' }).tap();
    await expect(log.getByRole('article').filter({ hasText: 'From an iPhone' })).toBeVisible();
    await alice.goBack();
    await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
  });
});

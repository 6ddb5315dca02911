/**
 * Federation you can see (SPEC 1 rules 6 and 7, SPEC 6 "shared channel"), with people of
 * several accounts side by side (federation-basic.json): Alice (Northwind) and Bella (Contoso)
 * are federated, Bella and Bob (Fabrikam) are federated, Alice and Bob are not; Dana (Tailspin)
 * is federated with nobody.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const openConversation = (page: Page, title: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title }).getByRole('button').click();

test('an invitation that leaves people unseen warns by account and waits for a confirmation; the new member shows as UNKNOWN USER', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  const alice = await signIn('alice@northwind.example');
  const bob = await signIn('bob@fabrikam.example');

  // A channel of Bella's with Alice: everyone sees everyone, nothing to confirm.
  await bella.getByRole('button', { name: 'New channel' }).click();
  const create = bella.getByRole('dialog', { name: 'New channel' });
  await create.getByRole('textbox', { name: 'Channel name' }).fill('contract-review');
  await create.getByRole('searchbox', { name: 'Search' }).fill('Alice');
  await create.getByRole('option', { name: /Alice Nguyen/ }).click();
  await expect(create.getByRole('button', { name: 'Create' })).toBeEnabled();
  await expect(create.getByRole('alert')).toHaveCount(0);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(bella.getByRole('region', { name: 'contract-review' })).toBeVisible();

  // Bob, whom Alice does not see: the warning names him, his account, and how many of whom.
  await bella.getByRole('button', { name: 'Invite', exact: true }).click();
  const invite = bella.getByRole('dialog', { name: 'Invite people' });
  await invite.getByRole('searchbox', { name: 'Search' }).fill('Bob');
  await invite.getByRole('option', { name: /Bob Alvarez/ }).click();
  const warning = invite.getByRole('alert');
  await expect(warning).toContainText('Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 1 member from Northwind Health.');
  await expect(invite.getByRole('button', { name: 'Invite', exact: true })).toBeDisabled();
  await invite.getByRole('checkbox', { name: 'Invite anyway' }).check();
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(invite).toHaveCount(0);
  await expect(bella.getByRole('list', { name: 'Members' })).toContainText('Bob Alvarez');

  await openConversation(alice, 'contract-review');
  await expect(alice.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
  await expect(alice.getByRole('list', { name: 'Members' })).not.toContainText('Bob');
  await openConversation(bob, 'contract-review');
  await expect(bob.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
  await expect(bob.getByRole('list', { name: 'Members' })).not.toContainText('Alice');
});

test('a new channel with people who do not see each other names both sides and is created only when confirmed', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('button', { name: 'New channel' }).click();
  const create = bella.getByRole('dialog', { name: 'New channel' });
  await create.getByRole('textbox', { name: 'Channel name' }).fill('three-companies');
  for (const name of ['Alice Nguyen', 'Bob Alvarez', 'Carl Jensen']) {
    await create.getByRole('searchbox', { name: 'Search' }).fill(name.split(' ')[0]!);
    await create.getByRole('option', { name: new RegExp(name) }).click();
  }
  const warning = create.getByRole('alert');
  await expect(warning).toContainText('Alice Nguyen (Northwind Health) will show as UNKNOWN USER to 1 member from Fabrikam Labs.');
  await expect(warning).toContainText('Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 1 member from Northwind Health.');
  await expect(warning).not.toContainText('Carl Jensen');
  await expect(create.getByRole('button', { name: 'Create' })).toBeDisabled();
  await create.getByRole('checkbox', { name: 'Create anyway' }).check();
  // Choosing someone else asks again.
  await create.getByRole('button', { name: 'Remove Carl Jensen' }).click();
  await expect(create.getByRole('checkbox', { name: 'Create anyway' })).not.toBeChecked();
  await create.getByRole('checkbox', { name: 'Create anyway' }).check();
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(bella.getByRole('region', { name: 'three-companies' })).toBeVisible();
});

test('a shared channel says "Shared with" and the other accounts each viewer sees, in the list and the header, live', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const bob = await signIn('bob@fabrikam.example');

  const aliceItem = alice.getByRole('listitem', { name: 'deal-room' });
  await expect(aliceItem).toContainText('Shared with Contoso Legal and people you do not see');
  await expect(bella.getByRole('listitem', { name: 'deal-room' })).toContainText('Shared with Fabrikam Labs and Northwind Health');
  await expect(bob.getByRole('listitem', { name: 'deal-room' })).toContainText('Shared with Contoso Legal and people you do not see');
  await expect(alice.getByRole('listitem', { name: 'general' })).not.toContainText('Shared with');
  await expect(alice.getByRole('listitem', { name: 'Bella Martins' })).not.toContainText('Shared with');

  await openConversation(alice, 'deal-room');
  // The channel's title block: its heading and what is said under it.
  const header = alice.getByRole('region', { name: 'deal-room' }).getByRole('heading', { name: 'deal-room' }).locator('xpath=..');
  await expect(header).toContainText('Shared with Contoso Legal and people you do not see');

  await backend.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
  await expect(header).toContainText('Shared with people you do not see');
  await expect(header).not.toContainText('Contoso Legal');
  await expect(bella.getByRole('listitem', { name: 'deal-room' })).toContainText('Shared with Fabrikam Labs and people you do not see');
});

test('two unknown people in one conversation have distinct avatars, and UNKNOWN USER explains itself on hover and on focus', async ({ signIn, backend }) => {
  // Dana (Tailspin) joins deal-room too: Alice sees neither Bob nor Dana.
  await backend.context.conversations.addMembers('ch-ct-deal', ['ts-dana']);
  const alice = await signIn('alice@northwind.example');
  await openConversation(alice, 'deal-room');
  const members = alice.getByRole('list', { name: 'Members' });
  const unknown = members.getByRole('listitem').filter({ hasText: 'UNKNOWN USER' });
  await expect(unknown).toHaveCount(2);
  const looks = await unknown.locator('.unknown-avatar').evaluateAll((avatars) =>
    avatars.map((avatar) => ({ number: avatar.getAttribute('data-number'), background: avatar.ownerDocument.defaultView!.getComputedStyle(avatar).backgroundColor, badge: avatar.ownerDocument.defaultView!.getComputedStyle(avatar, '::after').content })),
  );
  expect(looks.map((look) => look.number).sort()).toEqual(['1', '2']);
  expect(looks[0]!.background).not.toBe(looks[1]!.background);
  expect(looks.map((look) => look.badge).sort()).toEqual(['"1"', '"2"']);
  // The name stays exactly UNKNOWN USER.
  await expect(unknown.first().locator('.unknown-user')).toHaveText('UNKNOWN USER');

  const name = unknown.first().getByText('UNKNOWN USER', { exact: true });
  await expect(name).toHaveAccessibleDescription('Someone from an account that is not federated with yours');
  const tooltip = alice.getByRole('tooltip', { name: 'Someone from an account that is not federated with yours' });
  await expect(tooltip).toBeHidden();
  await name.hover();
  await expect(tooltip).toBeVisible();
  await alice.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();

  // By keyboard: Tab from Bella reaches the next member, focus shows the explanation, Escape hides it.
  await members.getByRole('button', { name: 'Bella Martins' }).focus();
  await alice.keyboard.press('Tab');
  await expect(unknown.first().getByText('UNKNOWN USER', { exact: true })).toBeFocused();
  await expect(alice.getByRole('tooltip').filter({ visible: true })).toHaveText('Someone from an account that is not federated with yours');
  await alice.keyboard.press('Escape');
  await expect(alice.getByRole('tooltip').filter({ visible: true })).toHaveCount(0);
});

test('the unknown people of each conversation are numbered there: "unknown 1" in one channel is not "unknown 1" in another', async ({ signIn, backend }) => {
  const conversations = backend.context.conversations;
  const channel = (id: string, name: string, members: string[]) =>
    conversations.createChannel({ id, name, topic: null, accountId: '200200', visibility: 'private', createdBy: 'ct-bella' }, members);
  // Alice sees neither Bob (Fabrikam) nor Dana (Tailspin). She meets Bob first in one room, Dana first in the other.
  await channel('ch-first', 'first-room', ['ct-bella', 'nw-alice', 'fb-bob']);
  await channel('ch-second', 'second-room', ['ct-bella', 'nw-alice', 'ts-dana']);
  const alice = await signIn('alice@northwind.example');
  for (const room of ['first-room', 'second-room']) {
    await openConversation(alice, room);
    await expect(alice.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
  }
  await conversations.addMembers('ch-first', ['ts-dana']);
  await conversations.addMembers('ch-second', ['fb-bob']);
  const bob = await signIn('bob@fabrikam.example');
  for (const room of ['first-room', 'second-room']) {
    await openConversation(bob, room);
    await bob.getByRole('textbox', { name: 'Message' }).fill(`Bob in ${room}`);
    await bob.getByRole('button', { name: 'Send' }).click();
  }
  const numberOfBob = async (room: string) => {
    await openConversation(alice, room);
    const message = alice.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: `Bob in ${room}` });
    await expect(message).toContainText('UNKNOWN USER');
    return message.locator('.unknown-avatar').getAttribute('data-number');
  };
  expect(await numberOfBob('first-room')).toBe('1');
  expect(await numberOfBob('second-room')).toBe('2');
});

test('directory:changed reaches only the accounts whose view changed', async ({ openClient, backend }) => {
  /** A client whose socket frames are watched from before it signs in. */
  const watched = async (email: string) => {
    const page = await openClient();
    const frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => void (typeof frame.payload === 'string' && frames.push(frame.payload))));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    const reasons = () => frames.filter((frame) => frame.includes('"directory:changed"')).map((frame) => /"reason":"([^"]+)"/.exec(frame)?.[1]);
    return { page, reasons };
  };
  const alice = await watched('alice@northwind.example');
  const bob = await watched('bob@fabrikam.example');
  const dana = await watched('dana@tailspin.example');

  await backend.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
  await expect(alice.page.getByRole('listitem', { name: 'Bella Martins' })).toHaveCount(0);
  // A later change that Bob and Dana hear: had the first been sent to them, it would have arrived before.
  await backend.federations.addUser({ accountId: '300300', name: 'Ola Berg', email: 'ola@fabrikam.example', password: 'a long passphrase' });
  await backend.federations.addUser({ accountId: '400400', name: 'Tom Reyes', email: 'tom@tailspin.example', password: 'a long passphrase' });
  await expect.poll(() => [bob.reasons(), dana.reasons()]).toEqual([['user-added'], ['user-added']]);
  expect(alice.reasons()).toEqual(['federation-deleted']);
});

test.describe('the sign-in screen of demo data', () => {
  test.use({ demo: true });

  test('groups people by company and shows who sees whom', async ({ openClient }) => {
    const page = await openClient();
    const map = page.getByRole('table', { name: 'Who sees whom' });
    const company = (name: string) => map.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(company('Northwind Health')).toContainText('Contoso Legal');
    await expect(company('Contoso Legal')).toContainText('Fabrikam Labs, Northwind Health');
    await expect(company('Fabrikam Labs')).toContainText('Contoso Legal');
    await expect(company('Fabrikam Labs')).not.toContainText('Northwind');
    await expect(company('Tailspin Air')).toContainText('federated with no one');
    const northwind = page.getByRole('list', { name: 'Northwind Health people' });
    await expect(northwind.getByRole('button', { name: 'Sign in as Alice Nguyen' })).toBeVisible();
    await expect(northwind).not.toContainText('Bella Martins');
    await page.getByRole('list', { name: 'Contoso Legal people' }).getByRole('button', { name: 'Sign in as Bella Martins' }).click();
    await expect(page.getByRole('tab', { name: 'Chat' })).toBeVisible();
  });
});

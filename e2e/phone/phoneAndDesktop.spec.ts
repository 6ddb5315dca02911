/**
 * One person signed in on a phone and a desktop at once (SPEC 11): what reaches one reaches the
 * other (messages, typing, read state), and a call rings on both and is answered on one.
 */
import { expect, openConversation, test, typeInto } from './phone';

// Three clients sign in (one person twice, and the other party) before each test starts.
test.describe.configure({ timeout: 90_000 });

test('messages and typing reach the phone and the desktop alike, whichever one writes', async ({ signIn, signInOnDesktop }) => {
  const phone = await signIn('alice@northwind.example');
  const desktop = await signInOnDesktop('alice@northwind.example');
  const bella = await signInOnDesktop('bella@contoso.example');
  const phoneLog = await openConversation(phone, 'Bella Martins');
  await desktop.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins', exact: true }).getByRole('button').click();
  const desktopLog = desktop.getByRole('region', { name: 'Bella Martins' }).getByRole('log', { name: 'Messages' });
  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen', exact: true }).getByRole('button').click();

  await bella.getByRole('textbox', { name: 'Message' }).pressSequentially('On my way');
  await expect(phone.getByText('Bella Martins is typing…')).toBeVisible();
  await expect(desktop.getByText('Bella Martins is typing…')).toBeVisible();
  await bella.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(phoneLog.getByRole('article').filter({ hasText: 'On my way' })).toBeVisible();
  await expect(desktopLog.getByRole('article').filter({ hasText: 'On my way' })).toBeVisible();

  // What Alice writes on her phone shows on her desktop, and the other way round.
  await typeInto(phone.getByRole('textbox', { name: 'Message' }), 'Typed on the phone');
  await phone.getByRole('button', { name: 'Send' }).tap();
  await expect(desktopLog.getByRole('article').filter({ hasText: 'Typed on the phone' })).toBeVisible();
  await desktop.getByRole('textbox', { name: 'Message' }).fill('Typed on the desktop');
  await desktop.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(phoneLog.getByRole('article').filter({ hasText: 'Typed on the desktop' })).toBeVisible();
});

test('read on the desktop is read on the phone', async ({ signIn, signInOnDesktop }) => {
  const phone = await signIn('alice@northwind.example');
  const desktop = await signInOnDesktop('alice@northwind.example');
  const bella = await signInOnDesktop('bella@contoso.example');
  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen', exact: true }).getByRole('button').click();
  await bella.getByRole('textbox', { name: 'Message' }).fill('Are you free at three?');
  await bella.getByRole('textbox', { name: 'Message' }).press('Enter');

  const phoneItem = phone.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins', exact: true });
  await expect(phoneItem.getByRole('img', { name: /unread/ })).toBeVisible();
  await desktop.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins', exact: true }).getByRole('button').click();
  await expect(desktop.getByRole('region', { name: 'Bella Martins' }).getByRole('article').filter({ hasText: 'Are you free at three?' })).toBeVisible();
  await expect(phoneItem.getByRole('img', { name: /unread/ })).toBeHidden();
});

test('a call rings on the phone and on the desktop, is answered on the phone, and stops ringing on the desktop', async ({ signIn, signInOnDesktop }) => {
  const phone = await signIn('alice@northwind.example');
  const desktop = await signInOnDesktop('alice@northwind.example');
  const bella = await signInOnDesktop('bella@contoso.example');
  await bella.getByRole('tab', { name: 'Calling' }).click();
  await bella.getByRole('textbox', { name: 'Phone number' }).fill('4155550101');
  await bella.getByRole('button', { name: 'Call', exact: true }).click();

  const ringingOnPhone = phone.getByRole('dialog', { name: 'Incoming call' });
  const ringingOnDesktop = desktop.getByRole('dialog', { name: 'Incoming call' });
  await expect(ringingOnPhone).toContainText('Bella Martins');
  await expect(ringingOnDesktop).toContainText('Bella Martins');
  await ringingOnPhone.getByRole('button', { name: 'Answer' }).tap();

  await expect(phone.getByRole('region', { name: 'Active call' })).toContainText('Connected');
  await expect(bella.getByRole('region', { name: 'Active call' })).toContainText('Connected');
  await expect(ringingOnDesktop).toBeHidden();
  await expect(desktop.getByRole('region', { name: 'Active call' })).toBeHidden();
  await phone.getByRole('button', { name: 'Hang up' }).tap();
  await expect(bella.getByRole('region', { name: 'Active call' })).toContainText('Call ended');
});

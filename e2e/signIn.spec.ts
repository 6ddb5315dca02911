import { expect, test } from './fixtures';

test.describe('the sign-in form', () => {
  // Every other spec's clients start with a session (fixtures.ts `signInBy`); this one types it in.
  test.use({ signInBy: 'form' });

  test('a person signs in and sees the app sections', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    for (const section of ['Chat', 'Calling', 'Meetings']) await expect(alice.getByRole('tab', { name: section })).toBeVisible();
    await expect(alice.getByText('Alice Nguyen')).toBeVisible();
    await expect(alice.getByRole('status')).toHaveText('Connected');
  });
});

test('a wrong password is refused with an alert that says why', async ({ openClient }) => {
  const page = await openClient();
  await page.getByLabel('Email').fill('alice@northwind.example');
  await page.getByLabel('Password').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
  await expect(page.getByRole('tab', { name: 'Chat' })).toHaveCount(0);
});

test('a seed that is not demo data lists nobody on the sign-in screen', async ({ openClient }) => {
  const page = await openClient();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Demo people' })).toHaveCount(0);
});

test.describe('demo data', () => {
  test.use({ demo: true });

  test('a demo server lists its people; one click signs in', async ({ openClient }) => {
    const page = await openClient();
    await expect(page.getByRole('list', { name: 'Demo people' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign in as Bella Martins' }).click();
    await expect(page.getByRole('tab', { name: 'Chat' })).toBeVisible();
    await expect(page.getByText('Bella Martins')).toBeVisible();
  });
});

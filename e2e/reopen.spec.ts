/**
 * The conversation a person had open reopens after a reload or a restart (SPEC 9): kept in the
 * browser's storage per person, so the next person to sign in on the same browser never gets it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

/** Signs out, opens the app afresh at its bare address (as a restart does) and signs in as `email`. */
async function signInAgain(page: Page, url: string, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first()).toBeVisible();
}

test('the last conversation reopens after a reload and a restart, for its own person only', async ({ signIn, backend }) => {
  const page = await signIn('bella@contoso.example');
  await openConversation(page, 'Alice Nguyen');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();

  // The app opened afresh at its bare address (no conversation in it): the chat is back.
  await page.goto(backend.url);
  await expect(page.getByRole('region', { name: 'Alice Nguyen' }).getByRole('log', { name: 'Messages' })).toBeVisible();

  // Carl signs in on the same browser: Bella's chat is not his, nothing of hers opens.
  await signInAgain(page, backend.url, 'carl@contoso.example');
  await expect(page.getByText('Pick a conversation')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Alice Nguyen' })).toHaveCount(0);
  await openConversation(page, 'contoso-news');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();

  // Bella again (also in contoso-news): her own last conversation, not Carl's.
  await signInAgain(page, backend.url, 'bella@contoso.example');
  await expect(page.getByRole('region', { name: 'Alice Nguyen' }).getByRole('log', { name: 'Messages' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'contoso-news' })).toHaveCount(0);
});

test('signing out clears the address, so the next person signing in on that page does not get the conversation in it', async ({ signIn }) => {
  const page = await signIn('bella@contoso.example');
  // contoso-news is Carl's too: an address left naming it would open it for him.
  await openConversation(page, 'contoso-news');
  await expect(page).toHaveURL(/#\/chat\/./);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page).not.toHaveURL(/#\/chat\/./);

  // Carl signs in on the same page, without reloading it.
  await page.getByLabel('Email').fill('carl@contoso.example');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'contoso-news', exact: true })).toBeVisible();
  await expect(page.getByText('Pick a conversation')).toBeVisible();
  await expect(page.getByRole('region', { name: 'contoso-news' })).toHaveCount(0);
});

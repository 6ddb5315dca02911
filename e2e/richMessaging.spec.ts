/**
 * Reactions, mentions, formatting and emoji (SPEC 6 and 7), with people of three accounts side
 * by side on e2e/seeds/rich-messaging.json: Alice (Northwind) and Bob (Fabrikam) do not see each
 * other; Bella (Contoso) sees both. In deal-room Bella's plan mentions both and carries reactions.
 */
import type { Locator } from '@playwright/test';
import { expect, readSeed, test } from './fixtures';
import { openConversation, searchEmoji } from './helpers';

test.use({ seed: readSeed('rich-messaging.json') });

const plan = (log: Locator) => log.getByRole('article').filter({ hasText: 'Plan for Thursday' });

test('reactions: shown by emoji and count, pressed for one’s own, added with the picker and taken back, live for everyone; who reacted shows by name or UNKNOWN USER', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const aliceLog = await openConversation(alice, 'deal-room');
  const bellaLog = await openConversation(bella, 'deal-room');

  const thumbs = plan(aliceLog).getByRole('button', { name: /^👍 2/ });
  await expect(thumbs).toHaveAttribute('aria-pressed', 'true');
  await expect(plan(bellaLog).getByRole('button', { name: /^👍 2/ })).toHaveAttribute('aria-pressed', 'false');
  // Who reacted: Bob is UNKNOWN USER to Alice, and a name to Bella.
  await thumbs.hover();
  await expect(alice.getByRole('tooltip')).toContainText('UNKNOWN USER and Alice Nguyen');
  await plan(bellaLog).getByRole('button', { name: /^👍 2/ }).focus();
  await expect(bella.getByRole('tooltip')).toContainText('Bob Alvarez and Alice Nguyen');

  // Bella adds 👍 with the picker, by keyboard: search, Enter.
  await plan(bellaLog).hover();
  await plan(bellaLog).getByRole('button', { name: 'Add reaction' }).click();
  const picker = bella.getByRole('dialog', { name: 'Emoji' });
  await expect((await searchEmoji(bella, 'thumbs up')).getByRole('button', { name: 'thumbs up', exact: true })).toBeVisible();
  await bella.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(plan(bellaLog).getByRole('button', { name: /^👍 3/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(plan(aliceLog).getByRole('button', { name: /^👍 3/ })).toHaveAttribute('aria-pressed', 'true');

  // Alice takes hers back; a new emoji from the picker's grid, chosen with the arrow keys.
  await plan(aliceLog).getByRole('button', { name: /^👍 3/ }).click();
  await expect(plan(bellaLog).getByRole('button', { name: /^👍 2/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(plan(aliceLog).getByRole('button', { name: /^👍 2/ })).toHaveAttribute('aria-pressed', 'false');
  await plan(aliceLog).hover();
  await plan(aliceLog).getByRole('button', { name: 'Add reaction' }).click();
  // The emoji load with the picker's first opening in this window: ArrowDown goes to the first result once it shows.
  await expect((await searchEmoji(alice, 'rocket')).getByRole('button', { name: 'rocket', exact: true })).toBeVisible();
  await alice.keyboard.press('ArrowDown');
  await expect(alice.getByRole('dialog', { name: 'Emoji' }).getByRole('button', { name: 'rocket', exact: true })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(plan(bellaLog).getByRole('button', { name: /^🚀 1/ })).toHaveAttribute('aria-pressed', 'false');
});

test('mentions: @ offers the members the writer sees; the mention shows as @Name, @UNKNOWN USER to whoever does not see them, and marks the conversation until read', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const bob = await signIn('bob@fabrikam.example');
  // The seed's plan mentions Alice, unread: the list says so.
  await expect(alice.getByRole('listitem', { name: 'deal-room', exact: true })).toContainText('mention');
  const bellaLog = await openConversation(bella, 'deal-room');
  await expect(plan(bellaLog)).toContainText('@Alice Nguyen reviews, @Bob Alvarez drafts.');

  // Alice types @: Bella is offered, and in a channel @here and @channel; Bob, whom she does not see, is not.
  const aliceLog = await openConversation(alice, 'deal-room');
  // (UNKNOWN USER carries its explanation, shown on hover.)
  await expect(plan(aliceLog)).toContainText('@Alice Nguyen reviews, @UNKNOWN USER');
  await expect(plan(aliceLog)).not.toContainText('Bob');
  await expect(alice.getByRole('listitem', { name: 'deal-room', exact: true })).not.toContainText('mention');
  const box = alice.getByRole('textbox', { name: 'Message' });
  await box.fill('');
  await box.pressSequentially('Thanks @');
  const mentions = alice.getByRole('listbox', { name: 'Mentions' });
  await expect(mentions.getByRole('option')).toHaveText([/Bella Martins/, /^@here/, /^@channel/]);
  await box.pressSequentially('be');
  await alice.keyboard.press('Enter');
  await expect(box).toHaveValue('Thanks @Bella Martins ');
  await box.pressSequentially('for the plan');
  await alice.keyboard.press('Enter');

  await expect(bellaLog.getByRole('article').last()).toContainText('Thanks @Bella Martins for the plan');
  await expect(bellaLog.getByRole('article').last().getByRole('button', { name: '@Bella Martins' })).toBeVisible();
  // Bob sees Bella, not Alice. The plan mentions him, unread: his list says so until he opens deal-room.
  await expect(bob.getByRole('listitem', { name: 'deal-room', exact: true })).toContainText('mention');
  const bobLog = await openConversation(bob, 'deal-room');
  await expect(bob.getByRole('listitem', { name: 'deal-room', exact: true })).not.toContainText('mention');
  await expect(bobLog.getByRole('article').last()).toContainText('UNKNOWN USER');
  await expect(plan(bobLog)).toContainText('@UNKNOWN USER');
  await expect(plan(bobLog)).toContainText('reviews, @Bob Alvarez drafts.');
  await expect(plan(bobLog)).not.toContainText('Alice');

  // Bella completes Bob's name with Tab; he reads the mention, marked as his.
  const bellaBox = bella.getByRole('textbox', { name: 'Message' });
  await bellaBox.pressSequentially('@Bo');
  await expect(bella.getByRole('listbox', { name: 'Mentions' }).getByRole('option')).toHaveText([/Bob Alvarez/]);
  await bella.keyboard.press('Tab');
  await bellaBox.pressSequentially('your turn');
  await bella.keyboard.press('Enter');
  await expect(bobLog.getByRole('article').last().getByRole('button', { name: '@Bob Alvarez' })).toHaveClass(/mention--me/);
  await expect(bobLog.getByRole('article').last()).toContainText('@Bob Alvarez your turn');
});

test('formatting: bold, italic, code, code blocks, quotes, lists and links render; raw HTML shows as text; javascript: and data: links are not links', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const log = await openConversation(alice, 'general');
  const notes = log.getByRole('article').filter({ hasText: 'Release notes' });
  await expect(notes.locator('strong')).toHaveText('bold');
  await expect(notes.locator('em')).toHaveText('italic');
  await expect(notes.locator('p code')).toHaveText('npm test');
  await expect(notes.locator('pre code')).toHaveText('const ok = 1;');
  await expect(notes.locator('blockquote')).toHaveText('Quoted from the ward');
  await expect(notes.getByRole('list').first().getByRole('listitem')).toHaveText(['first', 'second']);
  await expect(notes.getByRole('link', { name: 'the docs' })).toHaveAttribute('href', 'https://example.com/docs');
  await expect(notes.getByRole('link', { name: 'https://example.org/page' })).toBeVisible();
  // Raw HTML is text: no <b>, no <img>, and the typed tags are there to read.
  await expect(notes).toContainText('<b>not bold</b> <img src=x onerror=alert(1)>');
  expect(await notes.locator('b, img:not(.emoji), script').count()).toBe(0);
  // Links to other schemes are the text that was typed, never links.
  await expect(notes).toContainText('[click me](javascript:alert(1))');
  await expect(notes).toContainText('[data link](data:text/html,<script>alert(1)</script>)');
  await expect(notes.getByRole('link')).toHaveCount(2);
  // An emoji is Twemoji's picture, shipped with the app (the emoji is its alternative text).
  const rocket = notes.getByRole('img', { name: '🚀' });
  await expect(rocket).toHaveAttribute('src', './emoji/1f680.svg');
  await expect.poll(() => rocket.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

  // What Alice writes is formatted for Brian, as it arrives.
  const brian = await signIn('brian@northwind.example');
  const brianLog = await openConversation(brian, 'general');
  await alice.getByRole('textbox', { name: 'Message' }).fill('**ship** it <i>now</i> [x](javascript:alert(2))');
  await alice.keyboard.press('Enter');
  const arrived = brianLog.getByRole('article').last();
  await expect(arrived.locator('strong')).toHaveText('ship');
  await expect(arrived).toContainText('<i>now</i> [x](javascript:alert(2))');
  await expect(arrived.getByRole('link')).toHaveCount(0);
});

test('emoji: the composer’s picker inserts one, and :shortcode: completes by keyboard', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await openConversation(alice, 'Bella Martins');
  const bellaLog = await openConversation(bella, 'Alice Nguyen');
  const box = alice.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('Great news ');
  await alice.getByRole('button', { name: 'Insert emoji' }).click();
  await expect((await searchEmoji(alice, 'party popper')).getByRole('button', { name: 'party popper', exact: true })).toBeVisible();
  await alice.keyboard.press('Enter');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Great news 🎉');
  await box.pressSequentially(' :thumbsu');
  const suggestions = alice.getByRole('listbox', { name: 'Emoji suggestions' });
  await expect(suggestions.getByRole('option').first()).toContainText('thumbs up');
  await alice.keyboard.press('Enter');
  await box.pressSequentially('and :rocket: done');
  await expect(box).toHaveValue('Great news 🎉 👍 and 🚀 done');
  await alice.keyboard.press('Enter');
  const received = bellaLog.getByRole('article').last();
  await expect(received).toContainText('Great news');
  await expect(received.getByRole('img')).toHaveCount(3);
  expect(await received.getByRole('img').evaluateAll((images) => images.map((image) => (image as unknown as { alt: string }).alt))).toEqual(['🎉', '👍', '🚀']);
});

/** An example of a spec on its own seed (e2e/seeds/three-hospitals.json): how testers write theirs. */
import { expect, readSeed, test } from './fixtures';

test.use({ seed: readSeed('three-hospitals.json') });

test('on a custom seed: Maya finds Omar (federated) but not Lena, who shows as UNKNOWN USER in their channel', async ({ signIn }) => {
  const maya = await signIn('maya@riverside.example', 'pw');
  await maya.getByRole('searchbox', { name: 'Search' }).fill('o');
  await expect(maya.getByRole('option', { name: /Omar Haddad/ })).toContainText('Federated');
  await maya.getByRole('searchbox', { name: 'Search' }).fill('Lena');
  await expect(maya.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');

  await maya.getByRole('listitem', { name: 'handoff' }).getByRole('button').click();
  await expect(maya.getByRole('log', { name: 'Messages' })).toContainText('UNKNOWN USER');
  await expect(maya.getByRole('log', { name: 'Messages' })).toContainText('Results are uploaded.');
  await expect(maya.getByRole('list', { name: 'Members' })).toContainText('Omar Haddad');
});

import { describe, expect, it } from 'vitest';
import { PeopleSearchIndex, type IndexedPerson } from './peopleSearch';

const person = (id: string, accountId: string, displayName: string, extra: Partial<IndexedPerson> = {}): IndexedPerson => ({
  id,
  accountId,
  displayName,
  email: `${id}@example.com`,
  phone: null,
  mobile: null,
  extension: null,
  ...extra,
});

const people = [
  person('ann', 'a', 'Ann Berg', { phone: '+14155550101', extension: '1201' }),
  person('anna', 'b', 'Anna Lind', { phone: '+12125550141', extension: '1201' }),
  person('bo', 'a', 'Bo Annersson'),
  person('zed', 'c', 'Zed Ansel'),
  person('jose', 'a', 'José Álvarez'),
];
const scope = { accountId: 'a', visibleAccounts: new Set(['a', 'b']) };
const ids = (found: IndexedPerson[]) => found.map((candidate) => candidate.id);

describe('PeopleSearchIndex', () => {
  const index = new PeopleSearchIndex(people);

  it('ranks a first-name match above a later name word, exact above prefix, and never shows unseen accounts', () => {
    expect(ids(index.search('ann', scope, 10))).toEqual(['ann', 'anna', 'bo']);
    expect(ids(index.search('an', scope, 10))).toEqual(['ann', 'anna', 'bo']);
  });

  it('needs every word to match', () => {
    expect(ids(index.search('ann l', scope, 10))).toEqual(['anna']);
    expect(ids(index.search('ann q', scope, 10))).toEqual([]);
  });

  it('ignores accents and case', () => expect(ids(index.search('ALVA', scope, 10))).toEqual(['jose']));

  it('matches phone digits in any form, and the local number alone', () => {
    expect(ids(index.search('(415) 555', scope, 10))).toEqual(['ann']);
    expect(ids(index.search('5550141', scope, 10))).toEqual(['anna']);
    expect(ids(index.search('1 212 555 0141', scope, 10))).toEqual(['anna']);
  });

  it('matches extensions only in the viewer’s own account', () => expect(ids(index.search('1201', scope, 10))).toEqual(['ann']));

  it('keeps the limit', () => expect(index.search('a', scope, 2)).toHaveLength(2));

  it('takes people added and removed', () => {
    const live = new PeopleSearchIndex(people);
    live.add(person('annie', 'a', 'Annie Ek'));
    expect(ids(live.search('annie', scope, 10))).toEqual(['annie']);
    live.remove('ann');
    expect(ids(live.search('ann', scope, 10))).toEqual(['anna', 'annie', 'bo']);
    expect(live.size).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import fixture from '../testing/federation-basic.json';
import { sees, VisibilityGraph } from './visibility';

const user = (id: string) => {
  const found = fixture.users.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no user ${id} in the fixture`);
  return found;
};
const federations = fixture.federations;
const graph = new VisibilityGraph(federations);

describe('sees over federation-basic.json', () => {
  const cases: Array<[string, string, boolean, string]> = [
    ['nw-alice', 'nw-brian', true, 'same account'],
    ['nw-alice', 'ct-bella', true, 'Northwind and Contoso are federated'],
    ['ct-bella', 'nw-alice', true, 'federation is symmetric'],
    ['ct-bella', 'fb-bob', true, 'Contoso and Fabrikam are federated'],
    ['nw-alice', 'fb-bob', false, 'not transitive: Northwind and Fabrikam share no federation'],
    ['fb-bob', 'nw-alice', false, 'not transitive, either way'],
    ['ts-dana', 'nw-alice', false, 'Tailspin is federated with nobody'],
    ['ct-carl', 'ts-dana', false, 'Tailspin is federated with nobody'],
    ['ts-dana', 'ts-dana', true, 'everyone sees themselves'],
  ];
  it.each(cases)('%s sees %s: %s (%s)', (viewer, target, expected) => {
    expect(sees(user(viewer), user(target), federations)).toBe(expected);
    expect(graph.sees(user(viewer), user(target))).toBe(expected);
  });

  it('lists the accounts each account sees', () => {
    expect([...graph.visibleAccounts('100100')].sort()).toEqual(['100100', '200200']);
    expect([...graph.visibleAccounts('200200')].sort()).toEqual(['100100', '200200', '300300']);
    expect([...graph.visibleAccounts('400400')]).toEqual(['400400']);
  });

  it('stops seeing when the federation goes', () => {
    const without = federations.filter((federation) => federation.id !== 'fed-nw-ct');
    expect(sees(user('nw-alice'), user('ct-bella'), without)).toBe(false);
    expect(new VisibilityGraph(without).sees(user('nw-alice'), user('ct-bella'))).toBe(false);
  });
});

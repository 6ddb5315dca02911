import { describe, expect, it } from 'vitest';
import { federatedWith } from './DemoPeople';
import { demoLinkChat, demoLinkEmail } from './demoLink';

describe('the demo sign-in', () => {
  it('says whom each company sees: all-to-all within a federation, not transitive', () => {
    const sees = federatedWith({
      people: [],
      accounts: [
        { id: 'nw', name: 'Northwind Health' },
        { id: 'ct', name: 'Contoso Legal' },
        { id: 'fb', name: 'Fabrikam Labs' },
        { id: 'wg', name: 'Woodgrove Bank' },
      ],
      federations: [
        { id: 'f1', name: 'nw-ct', accountIds: ['nw', 'ct'] },
        { id: 'f2', name: 'ct-fb', accountIds: ['ct', 'fb'] },
      ],
    });
    expect(Object.fromEntries(sees)).toEqual({ nw: ['Contoso Legal'], ct: ['Fabrikam Labs', 'Northwind Health'], fb: ['Contoso Legal'], wg: [] });
  });

  it('reads a one-click link: an email only', () => {
    expect(demoLinkEmail('?demo=alice@northwind.example')).toBe('alice@northwind.example');
    expect(demoLinkEmail('?demo=alice%40northwind.example')).toBe('alice@northwind.example');
    expect(demoLinkEmail('?demo=')).toBeNull();
    expect(demoLinkEmail('?demo=not-an-email')).toBeNull();
    expect(demoLinkEmail('')).toBeNull();
  });

  it('reads the chat a one-click link opens: a user id only', () => {
    expect(demoLinkChat('?demo=bella@contoso.example&chat=nw-alice')).toBe('nw-alice');
    expect(demoLinkChat('?demo=bella@contoso.example')).toBeNull();
    expect(demoLinkChat('?chat=a b')).toBeNull();
    expect(demoLinkChat('?chat=%3Cscript%3E')).toBeNull();
  });
});

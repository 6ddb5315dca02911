/**
 * The sign-in screen of demo data: its people by company, one click each, and which companies
 * are federated with which, so a sales person does not have to know the data by heart.
 */
import type { DemoDirectory } from '../../../src-shared/protocol/model';
import './demoPeople.css';

/** For each company, the other companies whose people its people see (federation is all-to-all, not transitive). */
export function federatedWith(directory: DemoDirectory): Map<string, string[]> {
  const names = new Map(directory.accounts.map((account) => [account.id, account.name]));
  const result = new Map(directory.accounts.map((account) => [account.id, new Set<string>()]));
  for (const federation of directory.federations) {
    for (const accountId of federation.accountIds) {
      for (const other of federation.accountIds) if (other !== accountId && names.has(other)) result.get(accountId)?.add(other);
    }
  }
  return new Map([...result].map(([accountId, others]) => [accountId, [...others].map((other) => names.get(other)!).sort((a, b) => a.localeCompare(b))]));
}

export function DemoPeople({ directory, onPick }: { directory: DemoDirectory; onPick: (email: string) => void }) {
  const sees = federatedWith(directory);
  return (
    <section className="sign-in__demo" aria-labelledby="demo-people-heading">
      <h2 id="demo-people-heading">Demo people</h2>
      <p className="muted">This server runs demo data. Pick someone to sign in as.</p>
      <table className="demo-map">
        <caption>Who sees whom</caption>
        <thead>
          <tr>
            <th scope="col">Company</th>
            <th scope="col">Sees the people of</th>
          </tr>
        </thead>
        <tbody>
          {directory.accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">{account.name}</th>
              <td>{(sees.get(account.id) ?? []).join(', ') || <span className="muted">nobody else (federated with no one)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted demo-map__note">Federation is not transitive: two companies that both work with a third do not see each other unless federated themselves.</p>
      <ul aria-label="Demo people" className="demo-companies">
        {directory.accounts.map((account) => (
          <li key={account.id} className="demo-company">
            <h3 className="demo-company__name">{account.name}</h3>
            <ul aria-label={`${account.name} people`} className="demo-list">
              {directory.people
                .filter((person) => person.accountId === account.id)
                .map((person) => (
                  <li key={person.email}>
                    <button type="button" className="demo-person" aria-label={`Sign in as ${person.displayName}`} onClick={() => onPick(person.email)}>
                      <span className="demo-person__name">{person.displayName}</span>
                      <span className="demo-person__detail">{person.title ?? person.email}</span>
                    </button>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

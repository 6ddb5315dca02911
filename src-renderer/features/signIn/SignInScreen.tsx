import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/appStore';
import { askNotificationPermission } from '../shell/notify';
import { ThemeMenu } from '../theme/ThemeMenu';

export function SignInScreen() {
  const signIn = useAppStore((state) => state.signIn);
  const signInAsDemo = useAppStore((state) => state.signInAsDemo);
  const signingIn = useAppStore((state) => state.signingIn);
  const error = useAppStore((state) => state.signInError);
  const demoPeople = useAppStore((state) => state.demoPeople);
  const loadDemoPeople = useAppStore((state) => state.loadDemoPeople);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();

  useEffect(() => {
    void loadDemoPeople();
  }, [loadDemoPeople]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    askNotificationPermission();
    void signIn(email, password);
  };

  return (
    <main className="sign-in">
      <div className="sign-in__theme">
        <ThemeMenu />
      </div>
      <section className="sign-in__panel">
        <h1 className="brand">Meridian</h1>
        <p className="sign-in__lead">Chat, call and meet across your federated accounts.</p>
        <form aria-label="Sign in" onSubmit={submit} className="sign-in__form">
          <label htmlFor={emailId}>Email</label>
          <input id={emailId} type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} required autoFocus />
          <label htmlFor={passwordId}>Password</label>
          <input id={passwordId} type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          {error && (
            <p role="alert" className="sign-in__error">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={signingIn}>
            Sign in
          </button>
        </form>
      </section>
      {demoPeople.length > 0 && (
        <section className="sign-in__demo" aria-labelledby="demo-people-heading">
          <h2 id="demo-people-heading">Demo people</h2>
          <p className="muted">This server runs demo data. Pick someone to sign in as.</p>
          <ul aria-label="Demo people" className="demo-list">
            {demoPeople.map((person) => (
              <li key={person.email}>
                <button
                  type="button"
                  className="demo-person"
                  onClick={() => {
                    askNotificationPermission();
                    void signInAsDemo(person.email);
                  }}
                >
                  <span className="demo-person__name">
                    <span className="visually-hidden">Sign in as </span>
                    {person.displayName}
                  </span>
                  <span className="demo-person__detail">
                    {person.title ? `${person.title} · ` : ''}
                    {person.accountName}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/appStore';
import { askNotificationPermission } from '../shell/notify';
import { OfflineNotice } from '../install/OfflineNotice';
import { ThemeMenu } from '../theme/ThemeMenu';
import { DemoPeople } from './DemoPeople';
import { demoLinkChat, demoLinkEmail, forgetDemoLink } from './demoLink';

export function SignInScreen() {
  const signIn = useAppStore((state) => state.signIn);
  const signInAsDemo = useAppStore((state) => state.signInAsDemo);
  const signingIn = useAppStore((state) => state.signingIn);
  const error = useAppStore((state) => state.signInError);
  const demoDirectory = useAppStore((state) => state.demoDirectory);
  const loadDemoPeople = useAppStore((state) => state.loadDemoPeople);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();

  useEffect(() => {
    void loadDemoPeople();
  }, [loadDemoPeople]);

  // A one-click demo link signs its person in, once, when this server lists them as demo people.
  const [linkRefused, setLinkRefused] = useState<string | null>(null);
  useEffect(() => {
    const email = demoLinkEmail();
    if (!email) return;
    const chatWith = demoLinkChat();
    forgetDemoLink();
    void loadDemoPeople().then(async () => {
      const listed = useAppStore.getState().demoDirectory.people.some((person) => person.email.toLowerCase() === email.toLowerCase());
      if (!listed) return setLinkRefused(`The demo link names ${email}, who is not one of this server’s demo people. Sign in below.`);
      await signInAsDemo(email);
      // The chat the other window will write into is open here before anyone types.
      if (chatWith && useAppStore.getState().me) await useAppStore.getState().startChat(chatWith);
    });
  }, [loadDemoPeople, signInAsDemo]);

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
        <OfflineNotice />
        <form aria-label="Sign in" onSubmit={submit} className="sign-in__form">
          <label htmlFor={emailId}>Email</label>
          <input id={emailId} type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} required autoFocus />
          <label htmlFor={passwordId}>Password</label>
          <input id={passwordId} type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          {(error ?? linkRefused) && (
            <p role="alert" className="sign-in__error">
              {error ?? linkRefused}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={signingIn}>
            Sign in
          </button>
        </form>
      </section>
      {demoDirectory.people.length > 0 && (
        <DemoPeople
          directory={demoDirectory}
          onPick={(email) => {
            askNotificationPermission();
            void signInAsDemo(email);
          }}
        />
      )}
    </main>
  );
}

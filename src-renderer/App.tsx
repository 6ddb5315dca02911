import { useAppStore } from './store/appStore';
import { AppShell } from './features/shell/AppShell';
import { SignInScreen } from './features/signIn/SignInScreen';

export function App() {
  const signedIn = useAppStore((state) => state.me !== null);
  const resuming = useAppStore((state) => state.resuming);
  // While a kept session is being resumed, show neither the sign-in screen nor an empty shell.
  if (resuming) return <main className="app-loading" aria-busy="true" aria-label="Meridian" />;
  return signedIn ? <AppShell /> : <SignInScreen />;
}

import { useAppStore } from './store/appStore';
import { AppShell } from './features/shell/AppShell';
import { SignInScreen } from './features/signIn/SignInScreen';

export function App() {
  const signedIn = useAppStore((state) => state.me !== null);
  return signedIn ? <AppShell /> : <SignInScreen />;
}

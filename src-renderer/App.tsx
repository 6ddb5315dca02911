import { useAppStore } from './store/appStore';
import { AppShell } from './features/shell/AppShell';
import { PaneBoundary } from './features/shell/Boundary';
import { SignInScreen } from './features/signIn/SignInScreen';
import { UpdateAvailable } from './features/install/UpdateAvailable';

export function App() {
  const signedIn = useAppStore((state) => state.me !== null);
  // The last line of defence: each pane and message has its own boundary inside.
  return (
    <>
      <PaneBoundary name="Meridian">{signedIn ? <AppShell /> : <SignInScreen />}</PaneBoundary>
      <UpdateAvailable />
    </>
  );
}

import './zodWithoutEval';
import './cspNonce';
// Stylesheets first: the base and theme load before any feature's own stylesheet, which refines them.
import './styles/theme.css';
import './styles/app.css';
import './features/panes/phone.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initializeApi } from './bridge/api';
import { connectStore } from './bridge/connectStore';
import { useAppStore } from './store/appStore';
import { App } from './App';
import { startTheme } from './features/theme/theme';
import { startLayout } from './features/panes/layout';
import { startViewport } from './features/panes/viewport';

startTheme();
startLayout();
startViewport();
// The browser build installs as an app with its own service worker; Electron has its own window and needs none.
if (!window.meridian) void import('./features/install/serviceWorker').then(({ startServiceWorker }) => startServiceWorker());
void initializeApi().then(async (api) => {
  connectStore(api);
  // Before the first render, so a remembered session (Electron) or a reloaded page's session
  // (the browser build, SPEC 8) opens on the app rather than flashing the sign-in form.
  await useAppStore.getState().restoreSession();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

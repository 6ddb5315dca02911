import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initializeApi } from './bridge/api';
import { connectStore } from './bridge/connectStore';
import { App } from './App';
import { useAppStore } from './store/appStore';
import './styles/app.css';

void initializeApi().then((api) => {
  connectStore(api);
  // A reloaded page goes on with its session (SPEC 8), before the sign-in screen shows.
  void useAppStore.getState().resumeSession();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

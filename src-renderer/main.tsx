// Stylesheets first: the base and theme load before any feature's own stylesheet, which refines them.
import './styles/theme.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initializeApi } from './bridge/api';
import { connectStore } from './bridge/connectStore';
import { App } from './App';
import { startTheme } from './features/theme/theme';

startTheme();
void initializeApi().then((api) => {
  connectStore(api);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

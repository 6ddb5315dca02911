import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initializeApi } from './bridge/api';
import { connectStore } from './bridge/connectStore';
import { App } from './App';
import './styles/app.css';

void initializeApi().then((api) => {
  connectStore(api);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

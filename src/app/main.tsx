import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { finishAcceptedUpdate } from './serviceWorker';
import './global.css';

// An update accepted on the last page may still have to switch versions before anything runs.
void finishAcceptedUpdate().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  ),
);

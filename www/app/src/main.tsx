import { LiveMetricsProvider } from 'livemetrics/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './diagnostics.ts';
import { store } from './store.ts';
// Base styles first: the others refine them.
import './styles.css';
import './panels.css';
import './project.css';
import './votes.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <LiveMetricsProvider store={store}>
      <App />
    </LiveMetricsProvider>
  </StrictMode>,
);

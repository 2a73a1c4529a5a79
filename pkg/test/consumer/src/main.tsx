// Vite build entry: proves the package (wasm asset + top-level await) bundles.
import { createRoot } from 'react-dom/client';
import { ModelCard, ModelDetail, SignalsRegistrar } from './app/cards';
import './app/registered-names';

createRoot(document.getElementById('root')!).render(
  <>
    <SignalsRegistrar />
    <ModelCard data={{ id: 1, rank: { downloadCount: 1234 } }} />
    <ModelDetail model={{ id: 2, rank: { downloadCount: 10 } }} />
  </>,
);

// Builds the two benchmark pages (react.html, ingest.html) into bench/out/browser.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  resolve: {
    // `livemetrics` is linked from ../pkg, whose own node_modules holds React.
    dedupe: ['react', 'react-dom'],
    // React's profiling build, so <Profiler onRender> counts commits in production.
    alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }],
  },
  optimizeDeps: { exclude: ['livemetrics'] },
  build: {
    target: 'es2022', // the package awaits its wasm at the top level
    outDir: here('../out/browser'),
    emptyOutDir: true,
    rollupOptions: { input: { react: here('react.html'), ingest: here('ingest.html') } },
  },
});

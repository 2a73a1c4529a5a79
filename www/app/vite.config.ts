import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The engine (`make demo`, or `cargo run -p livemetrics-engine`) serves the
// API and the socket; `npm run dev` proxies both to it.
const engine = '127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // `livemetrics` is linked from ../../pkg, whose own node_modules holds React.
    dedupe: ['react', 'react-dom'],
  },
  optimizeDeps: {
    // It loads its .wasm through `new URL(..., import.meta.url)`.
    exclude: ['livemetrics'],
  },
  build: {
    // The package awaits its wasm at the top level.
    target: 'es2022',
  },
  server: {
    fs: { allow: ['.', '../../pkg'] },
    proxy: {
      '/api': { target: `http://${engine}` },
      '/ws': { target: `ws://${engine}`, ws: true },
    },
  },
});

import { defineConfig } from 'vitest/config';

// Tests import 'livemetrics' by name: the built package (dist + wasm), exactly
// what users get. `make test` builds it first.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
  },
});

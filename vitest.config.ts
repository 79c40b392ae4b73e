import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by its public name, as users do.
    alias: [
      { find: /^complaint-ledger$/, replacement: here('./src/index.ts') },
      { find: /^complaint-ledger\/testing$/, replacement: here('./src/testing/index.ts') },
      {
        find: /^complaint-ledger\/(memory|file|postgres)$/,
        replacement: here('./adapters/$1/index.ts'),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'test/stress/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'tsup';

/**
 * fp-ts has no "exports" map, so Node's ESM loader cannot resolve `fp-ts/Either` (a
 * directory import). Sources use the conventional path; the published build points at
 * the file that works from both `import` and `require`.
 */
const fpTsSubpaths = {
  name: 'fp-ts-subpaths',
  renderChunk(code: string) {
    return { code: code.replace(/(["'])fp-ts\/([A-Za-z]+)\1/g, '$1fp-ts/lib/$2.js$1') };
  },
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'adapters/memory/index': 'adapters/memory/index.ts',
    'adapters/file/index': 'adapters/file/index.ts',
    // The replay's reading thread starts from this file (found beside package.json).
    'adapters/file/replay-worker': 'adapters/file/replay/worker-entry.ts',
    'adapters/postgres/index': 'adapters/postgres/index.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  treeshake: true,
  plugins: [fpTsSubpaths],
});

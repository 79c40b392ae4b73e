import { defineConfig } from 'tsup';

// One entry per public subpath of package.json "exports". Code shared between entries is
// split into chunks so that the root and every adapter see the same module instances.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'adapters/memory/index': 'adapters/memory/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  treeshake: true,
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usage } from '../examples/usage';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows examples/usage.ts verbatim, so the shown code is the type-checked code', () => {
    const block = /<!-- usage:start -->\n```ts\n([\s\S]*?)```\n<!-- usage:end -->/.exec(readme);
    expect(block?.[1]).toBe(readFileSync(new URL('../examples/usage.ts', import.meta.url), 'utf8'));
  });

  it('usage example runs and reaches the rejection it describes', async () => {
    await expect(usage()).resolves.toBe('NotClassified');
  });

  it('names the two commands a newcomer needs', () => {
    expect(readme).toMatch(/npm ci && npm run demo/);
    expect(readme).toMatch(/^npm test/m);
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../adapters/memory';
import { runWalkthroughs, walkthroughs } from './walkthrough';

describe('demo walkthrough', () => {
  it('takes one complaint of every class from receipt to revisit', async () => {
    const store = createMemoryEventStore();
    const lines: string[] = [];
    const { states, failures } = await runWalkthroughs(store, '2026-03-02T01:00:00Z', (l) =>
      lines.push(l),
    );
    expect(failures).toEqual([]);
    expect(Object.keys(states).sort()).toEqual(
      Object.keys(walkthroughs('2026-03-02T01:00:00Z')).sort(),
    );
    for (const state of Object.values(states)) {
      expect(state.status).toBe('closed');
      expect(state.status !== 'none' && state.revisitedAt).not.toBeNull();
    }
    // The early close of the service-quality complaint is shown as refused.
    expect(lines.some((l) => l.includes('RectificationPending'))).toBe(true);
  });
});

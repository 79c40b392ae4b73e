import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { createProgress } from '../../src/cli/progress';

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s) };
};

describe('progress bar', () => {
  it('draws on a terminal once a run lasts, at most once per interval, and clears itself', () => {
    let t = 0;
    const stream = fakeStream(true);
    const bar = createProgress(stream, {
      label: 'rebuild',
      unit: 'events',
      now: () => t,
      delayMs: 300,
      intervalMs: 100,
      width: 10,
    });
    bar.update(10, 100);
    t = 200;
    bar.update(20, 100);
    expect(stream.writes).toEqual([]);
    t = 400;
    bar.update(50, 100);
    t = 450;
    bar.update(60, 100);
    expect(stream.writes).toHaveLength(1);
    expect(stream.writes[0]).toContain('rebuild [#####-----]  50% 50/100 events');
    t = 600;
    bar.update(150, 100);
    expect(stream.writes[1]).toContain('[##########] 100%');
    bar.finish();
    expect(stream.writes[2]).toBe('\r\x1b[K');
  });

  it('draws nothing when the stream is not a terminal', () => {
    let t = 0;
    const stream = fakeStream(false);
    const bar = createProgress(stream, { label: 'rebuild', unit: 'events', now: () => t });
    for (t = 0; t < 5000; t += 50) bar.update(t, 5000);
    bar.finish();
    expect(stream.writes).toEqual([]);
  });
});

describe('argument parsing', () => {
  it('reads --name value, --name=value and flags', () => {
    const a = parseArgs(['report', '--store', 'dir', '--month=2026-06', '--help']);
    expect(a.command).toBe('report');
    expect(Object.fromEntries(a.options)).toEqual({ store: 'dir', month: '2026-06' });
    expect([...a.flags]).toEqual(['help']);
    expect(() => parseArgs(['report', '--store'])).toThrow('--store needs a value');
  });
});

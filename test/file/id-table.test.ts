import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fingerprint, IdTable } from '../../adapters/file/id-table';

test('candidates are exactly the positions added under ids of the same fingerprint, through growth', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.uuid(), fc.nat({ max: 0xffff_ffff })), { maxLength: 300 }),
      fc.array(fc.uuid(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 64 }),
      (added, others, capacity) => {
        // A small capacity makes the table grow several times.
        const table = new IdTable(capacity);
        const model = new Map<number, number[]>();
        for (const [id, position] of added) {
          table.add(id, position);
          const fp = fingerprint(id);
          model.set(fp, [...(model.get(fp) ?? []), position]);
        }
        expect(table.size).toBe(added.length);
        for (const id of [...added.map(([id]) => id), ...others])
          expect([...table.candidates(id)].sort()).toEqual(
            [...(model.get(fingerprint(id)) ?? [])].sort(),
          );
      },
    ),
    { numRuns: 300 },
  );
});

test('ids whose fingerprints collide are all candidates (the caller compares the real ids)', () => {
  const table = new IdTable(4);
  // Many ids over few slots: the probe sequence must walk past other fingerprints.
  for (let i = 0; i < 2000; i++) table.add(`id-${i}`, i + 1);
  for (let i = 0; i < 2000; i++) expect(table.candidates(`id-${i}`)).toContain(i + 1);
  expect(table.candidates('never-added')).toEqual(
    Array.from({ length: 2000 }, (_, i) => i)
      .filter((i) => fingerprint(`id-${i}`) === fingerprint('never-added'))
      .map((i) => i + 1),
  );
});

/**
 * numRuns for a property, scaled by an environment variable, so that CI stays quick and a
 * long run is one variable away: `FC_NUM_RUNS_SCALE=20 npx vitest run`. Outside Node (no
 * `process`), the base is used.
 */
export const scaledRuns = (base: number, variable = 'FC_NUM_RUNS_SCALE'): number => {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const scale = Number(env?.[variable] ?? '1');
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(base * scale)) : base;
};

/** A parsed command line: the command, its `--name value` options and bare flags. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export class UsageError extends Error {}

/** Options that take no value. */
const FLAGS = new Set(['help']);

export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (FLAGS.has(name) && eq === -1) {
      flags.add(name);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { command: positional[0], options, flags, positional: positional.slice(1) };
};

/** Refuse options the command does not know: a typo must not be silently ignored. */
export const checkKnown = (args: ParsedArgs, known: readonly string[]): void => {
  for (const name of [...args.options.keys(), ...args.flags])
    if (!known.includes(name) && name !== 'help') throw new UsageError(`unknown option --${name}`);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
};

export const required = (args: ParsedArgs, name: string): string => {
  const value = args.options.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
};

/** An instant from `--now` / `--as-of`: ISO-8601 with an offset. */
export const instantOption = (args: ParsedArgs, name: string): number | undefined => {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const ms = Date.parse(value);
  if (!ok || Number.isNaN(ms))
    throw new UsageError(
      `--${name} must be an ISO-8601 instant with an offset, e.g. 2026-06-20T12:00:00+08:00`,
    );
  return ms;
};

export const intOption = (
  args: ParsedArgs,
  name: string,
  min: number,
  fallback: number,
): number => {
  const value = args.options.get(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return n;
};

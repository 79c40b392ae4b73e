import type { ComplaintCommand } from '../complaint/commands';
import { toMillis } from '../shared/time';
import type { Outcome, TraceStep } from './run';

const clip = (s: string, max = 40): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const value = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${value(x)}`)
      .join(', ')}}`;
  return String(v);
};

/** A command on one line: its type and its fields, without the complaint id and time. */
export const describeCommand = (command: ComplaintCommand): string => {
  const { type, complaintId: _, at: __, ...fields } = command;
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`);
  return parts.length === 0 ? type : `${type} ${parts.join(' ')}`;
};

export const describeOutcome = (outcome: Outcome): string => {
  switch (outcome.kind) {
    case 'accepted':
      return `→ ${outcome.events.map((e) => e.type).join(', ') || '(no events)'}`;
    case 'rejected':
      return `✗ ${outcome.rejection.code}: ${outcome.rejection.message}`;
    case 'threw':
      return `✗ THREW ${outcome.error instanceof Error ? `${outcome.error.name}: ${outcome.error.message}` : String(outcome.error)}`;
  }
};

const elapsed = (ms: number): string => {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.round((abs % 3_600_000) / 60_000);
  return `${sign}${h}h${m === 0 ? '' : `${String(m).padStart(2, '0')}m`}`;
};

/**
 * A command sequence as numbered lines a person can read and replay: time (and time since
 * the first command), the command, what became of it.
 */
export const describeSteps = (
  steps: readonly { readonly command: ComplaintCommand; readonly outcome?: Outcome }[],
): string => {
  const first = steps[0];
  if (first === undefined) return '  (no commands)';
  const t0 = toMillis(first.command.at);
  const ids = new Set(steps.map((s) => s.command.complaintId));
  const width = String(steps.length).length;
  return steps
    .map(({ command, outcome }, i) => {
      const t = toMillis(command.at);
      const who = ids.size > 1 ? ` [${command.complaintId}]` : '';
      const time = `${command.at} (${Number.isNaN(t) ? '?' : elapsed(t - t0)})`;
      const result = outcome === undefined ? '' : `  ${describeOutcome(outcome)}`;
      return `  ${String(i + 1).padStart(width)}. ${time}${who} ${describeCommand(command)}${result}`;
    })
    .join('\n');
};

/** The same for a bare command list. */
export const describeCommands = (commands: readonly ComplaintCommand[]): string =>
  describeSteps(commands.map((command) => ({ command })));

export type { TraceStep };

/** Stored events (a history) as numbered lines. */
export const describeEvents = (
  events: readonly { readonly type: string; readonly data: { readonly at?: unknown } }[],
): string => {
  if (events.length === 0) return '  (no events)';
  const width = String(events.length).length;
  return events
    .map((e, i) => {
      const { at, ...rest } = e.data as Record<string, unknown>;
      const fields = Object.entries(rest)
        .map(([k, v]) => `${k}=${value(v)}`)
        .join(' ');
      return `  ${String(i + 1).padStart(width)}. ${String(at)} ${e.type}${fields === '' ? '' : ` ${fields}`}`;
    })
    .join('\n');
};

import * as fc from 'fast-check';
import type { ComplaintCommand } from '../../complaint/commands';
import type { Policy } from '../../policy/types';
import { HOUR_MS, instantFromMillis, toMillis } from '../../shared/time';
import { walk } from '../lifecycle/walk';
import { command, commandArbitraries } from './commands';
import { classIdsOf, type LifecycleOptions, lifecyclePlan } from './lifecycle';
import { millisIn } from './time';

/**
 * Class names no policy should trip over: unknown ones and names of Object.prototype,
 * which a lookup by `obj[name]` would find.
 */
export const HOSTILE_CLASS_NAMES = ['unknown-class', '__proto__', 'constructor', 'toString'];

export interface SequenceOptions extends LifecycleOptions {
  /** Longest sequence of random commands. Default 30. */
  readonly maxLength?: number;
}

/** Re-time commands: each `at` is the previous plus a gap (sometimes negative), deadlines follow. */
const retime = (
  commands: readonly ComplaintCommand[],
  startMs: number,
  gaps: readonly number[],
  deadlineHours: readonly number[],
): ComplaintCommand[] => {
  let now = startMs;
  return commands.map((c, i) => {
    if (i > 0) now += gaps[i % Math.max(1, gaps.length)] ?? 0;
    const at = instantFromMillis(now);
    if (c.type === 'IssueRectificationNotice' && c.deadline !== undefined) {
      const hours = deadlineHours[i % Math.max(1, deadlineHours.length)] ?? 72;
      return { ...c, at, deadline: instantFromMillis(now + hours * HOUR_MS) };
    }
    return { ...c, at };
  });
};

/** Random commands about one complaint (now and then another), valid or not. */
const randomCommands = (policy: Policy, options: SequenceOptions) => {
  const classes = [...classIdsOf(policy), ...HOSTILE_CLASS_NAMES];
  const id = 'C-1';
  return fc
    .record({
      receiveFirst: fc.boolean(),
      receipt: commandArbitraries({ complaintId: fc.constant(id) }).ReceiveComplaint,
      commands: fc.array(
        command({
          complaintId: fc.oneof(
            { weight: 12, arbitrary: fc.constant(id) },
            { weight: 1, arbitrary: fc.constant('C-2') },
          ),
          classes,
        }),
        { maxLength: options.maxLength ?? 30 },
      ),
      startMs: millisIn(options.window),
      gaps: fc.array(
        fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0, max: 48 * HOUR_MS }) },
          { weight: 1, arbitrary: fc.integer({ min: -6 * HOUR_MS, max: -1 }) },
        ),
        { minLength: 1, maxLength: 8 },
      ),
      deadlineHours: fc.array(fc.integer({ min: -5, max: 300 }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ receiveFirst, receipt, commands, startMs, gaps, deadlineHours }) =>
      retime(receiveFirst ? [receipt, ...commands] : commands, startMs, gaps, deadlineHours),
    );
};

type Mutation =
  | { readonly kind: 'drop'; readonly i: number }
  | { readonly kind: 'duplicate'; readonly i: number }
  | { readonly kind: 'swap'; readonly i: number; readonly j: number }
  | { readonly kind: 'moveToEnd'; readonly i: number }
  | { readonly kind: 'insert'; readonly i: number; readonly command: ComplaintCommand }
  | { readonly kind: 'append'; readonly command: ComplaintCommand };

const mutate = (commands: readonly ComplaintCommand[], mutations: readonly Mutation[]) => {
  const out = [...commands];
  for (const m of mutations) {
    if (out.length === 0 && m.kind !== 'append') continue;
    const at = (i: number) => i % Math.max(1, out.length);
    const near = (i: number) => out[Math.min(i, out.length - 1)]?.at;
    // Inserted commands concern the same complaint, at the time of their neighbour.
    const adopt = (c: ComplaintCommand, i: number): ComplaintCommand => {
      const first = out[0];
      const time = near(i) ?? c.at;
      return first === undefined ? c : { ...c, complaintId: first.complaintId, at: time };
    };
    switch (m.kind) {
      case 'drop':
        out.splice(at(m.i), 1);
        break;
      case 'duplicate':
        out.splice(at(m.i), 0, out[at(m.i)]!);
        break;
      case 'swap': {
        const i = at(m.i);
        const j = at(m.j);
        [out[i], out[j]] = [out[j]!, out[i]!];
        break;
      }
      case 'moveToEnd':
        out.push(...out.splice(at(m.i), 1));
        break;
      case 'insert':
        out.splice(at(m.i), 0, adopt(m.command, at(m.i)));
        break;
      case 'append': {
        const last = out[out.length - 1];
        const c = adopt(m.command, out.length);
        out.push(
          last === undefined ? c : { ...c, at: instantFromMillis(toMillis(last.at) + HOUR_MS) },
        );
        break;
      }
    }
  }
  return out;
};

const mutation = (policy: Policy): fc.Arbitrary<Mutation> => {
  const any = command({ classes: [...classIdsOf(policy), ...HOSTILE_CLASS_NAMES] });
  return fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), i: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), i: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }),
    fc.record({ kind: fc.constant('moveToEnd' as const), i: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), i: fc.nat(), command: any }),
    fc.record({ kind: fc.constant('append' as const), command: any }),
  );
};

/** A valid lifecycle under the policy with a few edits: dropped, repeated, swapped, inserted commands. */
export const mutatedLifecycle = (
  policy: Policy,
  options: SequenceOptions = {},
): fc.Arbitrary<ComplaintCommand[]> =>
  fc
    .tuple(lifecyclePlan(policy, options), fc.array(mutation(policy), { maxLength: 4 }))
    .map(([plan, mutations]) => mutate(walk(policy, plan).commands, mutations));

/**
 * Command sequences for one complaint, valid or not: random commands, and valid lifecycles
 * with a few edits (which reach the late, interesting states random commands rarely do).
 */
export const commandSequence = (
  policy: Policy,
  options: SequenceOptions = {},
): fc.Arbitrary<ComplaintCommand[]> =>
  fc.oneof(randomCommands(policy, options), mutatedLifecycle(policy, options));

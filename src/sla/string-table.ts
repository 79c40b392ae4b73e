/** Distinct values a table shares before it stops looking for repeats. */
const SHARED_LIMIT = 65_536;

/**
 * Strings kept by a small integer each. Values of the closed or small vocabularies (centres,
 * classes, notice ids, results, verdicts) are shared: a replay keeps one copy of each and an
 * index per fact, so that the copy every parsed event brings dies young instead of being
 * kept. Values unique to one fact (complaint ids, reasons) are appended without a lookup.
 */
export class StringTable {
  private readonly values: string[] = [];
  private readonly shared = new Map<string, number>();

  /** The code of a value of a small vocabulary (-1: null). */
  share(value: string | null): number {
    if (value === null) return -1;
    const known = this.shared.get(value);
    if (known !== undefined) return known;
    const code = this.values.push(value) - 1;
    // Past the limit the vocabulary is not small after all: keep values, stop sharing.
    if (this.shared.size < SHARED_LIMIT) this.shared.set(value, code);
    return code;
  }

  /** The code of a value unlikely to repeat (-1: null). */
  keep(value: string | null): number {
    return value === null ? -1 : this.values.push(value) - 1;
  }

  value(code: number): string | null {
    return code < 0 ? null : this.values[code]!;
  }
}

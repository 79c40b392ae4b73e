import * as t from 'io-ts';

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month `YYYY-MM`, as centres are assessed (月度考评). */
export type YearMonth = string;
export const YearMonth: t.Type<YearMonth, string, unknown> = t.refinement(
  t.string,
  (s) => YEAR_MONTH.test(s),
  'YearMonth',
);

/** Year and month (1–12) of a `YYYY-MM`; undefined when malformed. */
export const parseYearMonth = (ym: string): { year: number; month: number } | undefined => {
  const m = YEAR_MONTH.exec(ym);
  return m === null ? undefined : { year: Number(m[1]), month: Number(m[2]) };
};

export const formatYearMonth = (year: number, month: number): YearMonth =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** The month `n` months after `ym` (negative: before). */
export const addMonths = (ym: YearMonth, n: number): YearMonth => {
  const p = parseYearMonth(ym);
  if (p === undefined) throw new TypeError(`not a YYYY-MM month: ${ym}`);
  const index = p.year * 12 + (p.month - 1) + n;
  return formatYearMonth(Math.floor(index / 12), (index % 12) + 1);
};

/** Months from `from` to `to`, both included, in order (empty when `to` is before `from`). */
export const monthRange = (from: YearMonth, to: YearMonth): YearMonth[] => {
  const out: YearMonth[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
};

/** `2026-Q2` for April, May or June 2026. */
export type Quarter = string;

export const quarterOf = (ym: YearMonth): Quarter => {
  const p = parseYearMonth(ym);
  if (p === undefined) throw new TypeError(`not a YYYY-MM month: ${ym}`);
  return `${p.year}-Q${Math.floor((p.month - 1) / 3) + 1}`;
};

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The three months of a quarter `YYYY-Qn`; undefined when malformed. */
export const monthsOfQuarter = (quarter: Quarter): YearMonth[] | undefined => {
  const m = QUARTER.exec(quarter);
  if (m === null) return undefined;
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => formatYearMonth(Number(m[1]), first + i));
};

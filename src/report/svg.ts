/** Small inline SVG charts: no script, no external file, so the page stays self-contained. */

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
];

const n = (x: number): string => String(Math.round(x * 10) / 10);

export interface LineSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** Scores per month, one line per series, with a dashed threshold line. */
export const lineChart = (options: {
  readonly title: string;
  readonly xLabels: readonly string[];
  readonly series: readonly LineSeries[];
  readonly threshold?: number;
  readonly yMax?: number;
}): string => {
  const width = 960;
  const legendRows = Math.ceil(options.series.length / 3);
  const height = 300 + legendRows * 22;
  const m = { left: 48, right: 24, top: 36, bottom: 40 + legendRows * 22 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const values = options.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = options.yMax ?? Math.max(100, ...values);
  const lowest = Math.min(options.threshold ?? yMax, ...values);
  const yMin = Math.max(0, Math.floor((lowest - 10) / 10) * 10);
  const x = (i: number) =>
    m.left + (options.xLabels.length <= 1 ? plotW / 2 : (i * plotW) / (options.xLabels.length - 1));
  const y = (v: number) => m.top + ((yMax - v) * plotH) / (yMax - yMin || 1);
  const parts: string[] = [];
  parts.push(`<text x="${m.left}" y="20" class="chart-title">${escapeXml(options.title)}</text>`);
  for (let v = yMin; v <= yMax; v += 10) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${n(y(v))}" y2="${n(y(v))}" class="grid"/>`,
    );
    parts.push(
      `<text x="${m.left - 8}" y="${n(y(v) + 4)}" text-anchor="end" class="tick">${v}</text>`,
    );
  }
  options.xLabels.forEach((label, i) => {
    parts.push(
      `<text x="${n(x(i))}" y="${m.top + plotH + 20}" text-anchor="middle" class="tick">${escapeXml(label)}</text>`,
    );
  });
  if (options.threshold !== undefined) {
    const ty = n(y(options.threshold));
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${ty}" y2="${ty}" class="threshold"/>`,
    );
    parts.push(
      `<text x="${width - m.right}" y="${n(y(options.threshold) - 6)}" text-anchor="end" class="threshold-label">threshold ${options.threshold}</text>`,
    );
  }
  options.series.forEach((s, si) => {
    const colour = PALETTE[si % PALETTE.length];
    let path = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${n(x(i))},${n(y(v))} `;
      pen = true;
    });
    if (path !== '')
      parts.push(`<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2.5"/>`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle cx="${n(x(i))}" cy="${n(y(v))}" r="4" fill="${colour}"><title>${escapeXml(`${s.label} ${options.xLabels[i]}: ${v}`)}</title></circle>`,
      );
    });
    const lx = m.left + (si % 3) * 300;
    const ly = height - m.bottom + 44 + Math.floor(si / 3) * 22;
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="14" height="4" fill="${colour}"/>`);
    parts.push(`<text x="${lx + 20}" y="${ly - 4}" class="legend">${escapeXml(s.label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(options.title)}">${parts.join('')}</svg>`;
};

/** Horizontal bars, one per row. */
export const barChart = (options: {
  readonly title: string;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
}): string => {
  const width = 960;
  const barH = 26;
  const m = { left: 260, right: 60, top: 36, bottom: 16 };
  const height = m.top + m.bottom + Math.max(1, options.bars.length) * barH;
  const max = Math.max(1, ...options.bars.map((b) => b.value));
  const plotW = width - m.left - m.right;
  const parts: string[] = [];
  parts.push(`<text x="8" y="20" class="chart-title">${escapeXml(options.title)}</text>`);
  if (options.bars.length === 0)
    parts.push(`<text x="${m.left}" y="${m.top + 18}" class="tick">none</text>`);
  options.bars.forEach((b, i) => {
    const y = m.top + i * barH;
    const w = (b.value / max) * plotW;
    parts.push(
      `<text x="${m.left - 10}" y="${y + 17}" text-anchor="end" class="legend">${escapeXml(b.label)}</text>`,
    );
    parts.push(
      `<rect x="${m.left}" y="${y + 4}" width="${n(Math.max(w, 1))}" height="${barH - 8}" fill="#d62728" rx="2"><title>${escapeXml(`${b.label}: ${b.value}`)}</title></rect>`,
    );
    parts.push(`<text x="${n(m.left + w + 6)}" y="${y + 17}" class="tick">${b.value}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(options.title)}">${parts.join('')}</svg>`;
};

// Small accessible charts as inline SVG: each is a <figure> with a caption, an SVG described for screen
// readers, and the same numbers as a table. No chart library: three shapes are all the workspace needs.
import { h, s, uid } from './dom';

const defaultWidth = 400; // viewBox units when the container's width is not known yet

/**
 * Charts are drawn in CSS pixels of the container they go in, so their text stays at its CSS size on a
 * tablet's narrower panel instead of shrinking with the whole drawing.
 */
export function widthFor(container: Element): number {
  const w = container.clientWidth;
  return w > 0 ? Math.max(280, Math.min(640, w)) : defaultWidth;
}
const font = 11; // viewBox units ≈ CSS px at the panel's usual 400 px

export interface Table {
  headers: string[];
  rows: string[][];
}

export interface BarDatum {
  label: string;
  value: number;
  text: string; // the value as written beside the bar
}

/** Horizontal bars, one row per datum, with the value written at the end of each bar. */
export function horizontalBars(options: { title: string; summary: string; data: BarDatum[]; max?: number; colour: string; table: Table; shares?: boolean; width?: number }): HTMLElement {
  const width = options.width ?? defaultWidth;
  const labelW = 112;
  const valueW = 58;
  const rowH = 20;
  const top = 4;
  const axisH = 18;
  const plotW = width - labelW - valueW;
  const max = niceCeil(options.max ?? Math.max(0, ...options.data.map((d) => d.value)));
  const height = top + options.data.length * rowH + axisH;
  const x = (v: number) => labelW + (max > 0 ? (v / max) * plotW : 0);

  const svg = chartSvg(width, height, options);
  for (const t of [0, max / 2, max]) {
    svg.append(
      s('line', { x1: x(t), x2: x(t), y1: top, y2: height - axisH + 2, class: 'chart-grid' }),
      s('text', { x: x(t), y: height - 4, 'text-anchor': 'middle', class: 'chart-tick' }, options.shares ? sharePercent(t) : compact(t)),
    );
  }
  options.data.forEach((d, i) => {
    const y = top + i * rowH;
    const barW = Math.max(d.value > 0 ? 1.5 : 0, x(d.value) - labelW); // a tiny non-zero share stays visible
    svg.append(
      s('text', { x: labelW - 6, y: y + rowH / 2 + font / 3, 'text-anchor': 'end', class: 'chart-label' }, truncate(d.label, 18)),
      s('rect', { x: labelW, y: y + 3, width: barW, height: rowH - 6, fill: options.colour, rx: 2 }),
      s('text', { x: labelW + barW + 4, y: y + rowH / 2 + font / 3, class: 'chart-value' }, d.text),
    );
  });
  return figure(options.title, svg, options.table);
}

export interface ColumnSeries {
  label: string;
  colour: string;
  values: number[]; // one per category; several series stack
}

export interface LineSeries {
  label: string;
  colour: string;
  values: (number | null)[]; // shares 0..1, drawn against the right axis; null leaves a break
  max?: number; // right axis maximum; 1 = 100%
}

/** Stacked columns against the left axis, optionally a line of shares against the right. */
export function columnsWithLine(options: {
  title: string;
  summary: string;
  categories: string[];
  columns: ColumnSeries[];
  columnsLabel: string; // the left axis, e.g. "measurements"
  line?: LineSeries;
  table: Table;
  empty?: string; // said inside the chart when every value is zero
  width?: number;
}): HTMLElement {
  const width = options.width ?? defaultWidth;
  const left = 36;
  const right = options.line ? 40 : 8;
  const top = 10;
  const bottom = 28;
  const height = 170;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = options.categories.length;
  const totals = options.categories.map((_, i) => options.columns.reduce((sum, c) => sum + (c.values[i] ?? 0), 0));
  const max = niceCeil(Math.max(0, ...totals));
  const lineMax = options.line ? (options.line.max ?? niceCeil(Math.max(0, ...options.line.values.map((v) => v ?? 0)))) : 1;
  const slot = plotW / Math.max(n, 1);
  const colW = Math.min(28, slot * 0.7);
  const cx = (i: number) => left + slot * (i + 0.5);
  const y = (v: number) => top + plotH - (max > 0 ? (v / max) * plotH : 0);
  const yLine = (v: number) => top + plotH - (lineMax > 0 ? (v / lineMax) * plotH : 0);

  const svg = chartSvg(width, height, options);
  // Counts get whole-number ticks: "0.5 reports" is not a thing.
  const ticks = max > 0 && max <= 4 && options.columns.every((c) => c.values.every(Number.isInteger)) ? Array.from({ length: max + 1 }, (_, i) => i) : [0, max / 2, max];
  for (const t of ticks) {
    svg.append(
      s('line', { x1: left, x2: width - right, y1: y(t), y2: y(t), class: 'chart-grid' }),
      s('text', { x: left - 4, y: y(t) + font / 3, 'text-anchor': 'end', class: 'chart-tick' }, max > 0 ? compact(t) : t === 0 ? '0' : ''),
    );
  }
  if (options.line) {
    for (const t of [0, lineMax / 2, lineMax])
      svg.append(s('text', { x: width - right + 4, y: yLine(t) + font / 3, class: 'chart-tick' }, sharePercent(t)));
  }
  const labelEvery = Math.ceil(n / Math.floor(plotW / 30)); // a short label needs ~30 px
  options.categories.forEach((category, i) => {
    let base = 0;
    for (const series of options.columns) {
      const v = series.values[i] ?? 0;
      if (v > 0) svg.append(s('rect', { x: cx(i) - colW / 2, y: y(base + v), width: colW, height: y(base) - y(base + v), fill: series.colour }));
      base += v;
    }
    if (i % labelEvery === 0) {
      // A second line ("2026") goes below the first ("Jan").
      const [first, second] = category.split('\n');
      svg.append(s('text', { x: cx(i), y: height - bottom + 12, 'text-anchor': 'middle', class: 'chart-tick' }, first));
      if (second) svg.append(s('text', { x: cx(i), y: height - bottom + 23, 'text-anchor': 'middle', class: 'chart-tick' }, second));
    }
  });
  if (options.line) {
    const points = options.line.values.map((v, i) => (v === null ? null : ([cx(i), yLine(v)] as const)));
    let path = '';
    points.forEach((p, i) => {
      if (!p) return;
      path += `${i > 0 && points[i - 1] ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
    });
    if (path) svg.append(s('path', { d: path, fill: 'none', stroke: options.line.colour, 'stroke-width': 2 }));
    for (const p of points) if (p) svg.append(s('circle', { cx: p[0], cy: p[1], r: 3, fill: '#fff', stroke: options.line.colour, 'stroke-width': 2 }));
  }
  if (max === 0 && options.empty)
    svg.append(s('text', { x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle', class: 'chart-empty' }, options.empty));

  const legend = h(
    'ul',
    { class: 'chart-legend', 'aria-hidden': 'true' }, // the table says the same to a screen reader
    ...options.columns.map((c) => legendItem(c.colour, c.label, 'box')),
    options.line ? legendItem(options.line.colour, options.line.label, 'line') : null,
  );
  const fig = figure(options.title, svg, options.table);
  fig.insertBefore(legend, fig.querySelector('details'));
  return fig;
}

function chartSvg(width: number, height: number, options: { title: string; summary: string }): SVGSVGElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: titleId }, options.title),
    s('desc', { id: descId }, options.summary),
  );
}

function figure(title: string, svg: SVGSVGElement, table: Table): HTMLElement {
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', { class: 'chart-caption' }, title),
    svg,
    h('details', { class: 'chart-table' }, h('summary', {}, 'Show the numbers as a table'), dataTable(table)),
  );
}

export function dataTable(table: Table, caption?: string): HTMLTableElement {
  return h(
    'table',
    { class: 'pl-table' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...table.headers.map((header) => h('th', { scope: 'col' }, header)))),
    h('tbody', {}, ...table.rows.map((row) => h('tr', {}, ...row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))),
  );
}

function legendItem(colour: string, label: string, shape: 'box' | 'line'): HTMLElement {
  const swatch = h('span', { class: `chart-swatch chart-swatch-${shape}` });
  swatch.style.setProperty('--swatch', colour);
  return h('li', {}, swatch, label);
}

/** 1, 2, 2.5, 5 × 10ⁿ at or above v: round axis ends. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v * (1 - 1e-9)) return step * magnitude;
  return 10 * magnitude;
}

function compact(v: number): string {
  if (v >= 10_000) return `${Math.round(v / 1000)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function sharePercent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0%';
  return p < 1 ? `${p.toPrecision(2)}%` : p < 10 && !Number.isInteger(p) ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

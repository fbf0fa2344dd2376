// How the workspace writes numbers: shares, areas, changes and ages, in Canadian English.

import { DAY_MS } from '../../server/domain/time';

const grouped = new Intl.NumberFormat('en-CA', { maximumFractionDigits: 0 });

/** A share 0..1 as a percentage readable at any size: 0.30%, 4.0%, 93%, 100%. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const p = share * 100;
  if (p === 0) return '0%';
  if (p < 1) return `${p.toPrecision(2)}%`; // city-wide shares are small; two figures still tell wards apart
  if (p < 10) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

/** A change of share in percentage points, signed: "+0.02 pp". */
export function points(before: number, after: number): string {
  const d = (after - before) * 100;
  if (d === 0) return '±0 pp';
  const abs = Math.abs(d);
  const text = abs < 0.01 ? abs.toPrecision(1) : abs < 1 ? abs.toFixed(2) : abs.toFixed(1);
  return `${d > 0 ? '+' : '−'}${text} pp`;
}

/** m² below a tenth of a km², km² above. */
export function area(m2: number): string {
  if (Math.abs(m2) >= 100_000) return `${(m2 / 1e6).toFixed(2)} km²`;
  return `${grouped.format(m2)} m²`;
}

/** A range in one unit, its upper end's: "0.04–2.41 km²", "0.003–1.20 km²", "1,200–8,000 m²" (never "37,232 m²–2.41 km²"). */
export function areaRange(lo: number, hi: number): string {
  if (Math.abs(hi) < 100_000) return `${grouped.format(lo)}–${grouped.format(hi)} m²`;
  const km2 = lo / 1e6;
  return `${km2 > 0 && km2 < 0.005 ? km2.toPrecision(1) : km2.toFixed(2)}–${(hi / 1e6).toFixed(2)} km²`;
}

export function signed(value: number, format: (v: number) => string): string {
  if (value === 0) return format(0);
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

export function count(n: number): string {
  return grouped.format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}


export function age(iso: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(iso)) / DAY_MS);
  if (!Number.isFinite(days)) return iso;
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

const monthFormat = new Intl.DateTimeFormat('en-CA', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2026-03" → "Mar 2026". */
export function month(yyyyMm: string): string {
  const date = new Date(`${yyyyMm}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? yyyyMm : monthFormat.format(date);
}

export function coordinate(value: number): string {
  return value.toFixed(6); // ~0.1 m: the registry stores six decimals
}

// Wall-clock times of a zone as instants, with the zone's rules from Intl (the ICU time-zone data
// Node ships; no package). Older WiGLE apps wrote the phone's local time without its offset.

import { DAY_MS } from '../time';

const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** ms the zone's clocks were ahead of UTC at an instant (−4 h in Toronto in summer). */
function offsetAt(timeZone: string, at: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  const second = Math.floor(at / 1000) * 1000;
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) - second;
}

/**
 * The instants, earliest first, at which the zone's clocks showed a wall-clock time (given as ms
 * read as if UTC): one as a rule; two in the hour repeated when clocks go back; none in the hour
 * skipped when they go forward. The offsets in force a day before and a day after are the only
 * candidates: a zone changes its clocks at most once a day.
 */
function instantsAt(timeZone: string, wall: number): number[] {
  const found: number[] = [];
  for (const probe of [wall - DAY_MS, wall + DAY_MS]) {
    const at = wall - offsetAt(timeZone, probe);
    if (!found.includes(at) && offsetAt(timeZone, at) === wall - at) found.push(at);
  }
  return found.sort((a, b) => a - b);
}

// The offsets valid for each wall-clock hour: clocks change on the hour (Toronto's at 02:00), so one
// answer serves the hour's every second, and a file of 100,000 rows asks Intl a few hundred times.
const hourOffsets = new Map<string, Map<number, number[]>>(); // zone → wall-clock hour → offsets
const HOURS_KEPT = 50_000; // entries per zone: ~5 years of hours; the cache starts again past it

/** The instants of a wall-clock time in a zone; see instantsAt. */
export function wallClockInstants(timeZone: string, wall: number): number[] {
  const hour = Math.floor(wall / HOUR_MS) * HOUR_MS;
  let hours = hourOffsets.get(timeZone);
  if (!hours) hourOffsets.set(timeZone, (hours = new Map()));
  let offsets = hours.get(hour);
  if (!offsets) {
    if (hours.size >= HOURS_KEPT) hours.clear();
    offsets = instantsAt(timeZone, hour).map((at) => hour - at);
    hours.set(hour, offsets);
  }
  if (offsets.length === 1) return [wall - offsets[0]]; // the rule: one instant
  return offsets.map((offset) => wall - offset).sort((a, b) => a - b);
}

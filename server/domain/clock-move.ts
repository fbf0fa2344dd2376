// When the coverage model's clock moves to now: a full recompute, and whom to distrust judged again from every
// reading (0.6–0.8 s each with 1M readings, the event loop blocked). Daily is plenty at a 90-day half-life, and
// the City's quiet hour is the time to do it, not whatever hour the server happened to start.
import { CITY } from './city';
import { DAY_MS } from './time';

export const CLOCK_STEP_MS = DAY_MS; // a day behind: move, whatever the hour
export const QUIET_HOUR = 4; // the City's local hour (04:00–04:59) with the fewest people on the map
export const EARLY_MOVE_MS = 6 * 3_600_000; // in that hour, move once this far behind: after one day the moves keep to it

const hourFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY.timeZone, hour: 'numeric', hourCycle: 'h23' });

/** The City's local hour (0–23) at `ms`. */
export function cityHour(ms: number): number {
  return Number(hourFormat.format(ms));
}

/** Whether a model whose clock reads `modelNowMs` should move it to `nowMs`. */
export function clockMoveDue(modelNowMs: number, nowMs: number): boolean {
  const behind = nowMs - modelNowMs;
  return behind >= CLOCK_STEP_MS || (behind >= EARLY_MOVE_MS && cityHour(nowMs) === QUIET_HOUR);
}

// When the coverage model's clock moves: a day behind whatever the hour, or in the City's quiet hour (04:00–04:59,
// Kitchener time, daylight saving or not) once six hours behind, so the daily recompute settles into that hour.
import { describe, expect, it } from 'vitest';
import { cityHour, clockMoveDue } from '../../server/domain/clock-move';

const H = 3_600_000;
const winter = (day: number, hourUtc: number, minute = 0) => Date.UTC(2026, 11, day, hourUtc, minute); // EST: UTC−5
const summer = (day: number, hourUtc: number, minute = 0) => Date.UTC(2026, 6, day, hourUtc, minute); // EDT: UTC−4

describe('the coverage model\'s daily clock move', () => {
  it('reads the hour on the City\'s clocks, in winter and in summer', () => {
    expect(cityHour(winter(7, 9, 15))).toBe(4); // 04:15 EST
    expect(cityHour(summer(7, 8, 15))).toBe(4); // 04:15 EDT
    expect(cityHour(winter(7, 8, 59))).toBe(3);
    expect(cityHour(winter(7, 10, 0))).toBe(5);
  });

  it('when the model is a day behind, then it moves whatever the hour', () => {
    const started = winter(6, 20); // 15:00 in Kitchener
    expect(clockMoveDue(started, started + 24 * H - 1)).toBe(false);
    expect(clockMoveDue(started, started + 24 * H)).toBe(true);
  });

  it('when the quiet hour comes and the model is six hours behind or more, then it moves then, and a day later at the same hour', () => {
    const started = winter(6, 20); // a server started at 15:00
    expect(clockMoveDue(started, winter(7, 8, 59))).toBe(false); // 03:59, 13 h behind
    expect(clockMoveDue(started, winter(7, 9, 0))).toBe(true); // 04:00
    expect(clockMoveDue(started, winter(7, 9, 59))).toBe(true); // 04:59
    expect(clockMoveDue(started, winter(7, 10, 0))).toBe(false); // 05:00: waits for 15:00 or the next 04:00
    const moved = winter(7, 9, 5); // moved at 04:05
    expect(clockMoveDue(moved, winter(7, 9, 50))).toBe(false); // the same hour again: not six hours behind
    expect(clockMoveDue(moved, winter(8, 9, 4))).toBe(true); // the next night, 04:04: 23 h 59 min behind
    expect(clockMoveDue(summer(6, 3), summer(6, 8, 30))).toBe(false); // 04:30 EDT, 5.5 h behind (started at 23:00): tomorrow
    expect(clockMoveDue(summer(6, 2), summer(6, 8, 30))).toBe(true); // 04:30 EDT, 6.5 h behind
  });
});

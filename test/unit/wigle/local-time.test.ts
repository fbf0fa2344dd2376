// WiGLE apps before 2.78 wrote phone-local time (issue 12, item 8): those times are read as Kitchener's
// clock (America/Toronto) on both sides of each DST change, the skipped and the repeated hour included.
import { describe, expect, it } from 'vitest';
import { parseWigleTime, SKIPPED } from '../../../server/domain/wigle/matcher';
import { fileTimeZone } from '../../../server/domain/wigle/app-clock';

const TORONTO = 'America/Toronto';
const utc = (iso: string) => Date.parse(iso);

describe('which clock a WiGLE app wrote', () => {
  const table: [string | null, string][] = [
    ['1.58', TORONTO], ['2.9', TORONTO], ['2.26', TORONTO], ['2.70', TORONTO], ['2.77', TORONTO], // local time
    ['2.78', 'UTC'], ['2.84', 'UTC'], ['2.100', 'UTC'], ['2.111-FOSS', 'UTC'], ['3.0', 'UTC'], // "obey our own file spec times" (#612) onwards
    [null, 'UTC'], ['', 'UTC'], ['unknown', 'UTC'], // no pre-header, or another tool: the format's own zone
  ];
  for (const [release, zone] of table) it(`appRelease ${JSON.stringify(release)} → ${zone}`, () => expect(fileTimeZone(release)).toBe(zone));
});

describe('local wall-clock times in Kitchener', () => {
  it('when clocks spring forward (9 March 2025, 02:00 EST → 03:00 EDT), then 01:59:59 is UTC−5, 03:00 is UTC−4, and 02:xx never happened', () => {
    expect(parseWigleTime('2025-03-09 01:59:59', TORONTO)).toBe(utc('2025-03-09T06:59:59Z'));
    expect(parseWigleTime('2025-03-09 03:00:00', TORONTO)).toBe(utc('2025-03-09T07:00:00Z'));
    for (const skipped of ['2025-03-09 02:00:00', '2025-03-09 02:30:00', '2025-03-09 02:59:59']) expect(parseWigleTime(skipped, TORONTO)).toBe(SKIPPED);
    expect(parseWigleTime('2025-03-10 02:30:00', TORONTO)).toBe(utc('2025-03-10T06:30:00Z')); // the next night is an ordinary EDT night
  });

  it('when clocks fall back (2 November 2025, 02:00 EDT → 01:00 EST), then the repeated hour is its first pass (EDT) and 02:00 is EST', () => {
    expect(parseWigleTime('2025-11-02 00:59:59', TORONTO)).toBe(utc('2025-11-02T04:59:59Z'));
    expect(parseWigleTime('2025-11-02 01:00:00', TORONTO)).toBe(utc('2025-11-02T05:00:00Z')); // not 06:00Z, its second pass
    expect(parseWigleTime('2025-11-02 01:30:00', TORONTO)).toBe(utc('2025-11-02T05:30:00Z'));
    expect(parseWigleTime('2025-11-02 01:59:59', TORONTO)).toBe(utc('2025-11-02T05:59:59Z'));
    expect(parseWigleTime('2025-11-02 02:00:00', TORONTO)).toBe(utc('2025-11-02T07:00:00Z'));
  });

  it('when a time is in summer or winter, then it is UTC−4 or UTC−5; an explicit offset or epoch number is not re-read', () => {
    expect(parseWigleTime('2023-07-01 14:00:00', TORONTO)).toBe(utc('2023-07-01T18:00:00Z'));
    expect(parseWigleTime('2023-01-15 14:00:00.250', TORONTO)).toBe(utc('2023-01-15T19:00:00.250Z'));
    expect(parseWigleTime('2023-07-01 14:00:00', 'UTC')).toBe(utc('2023-07-01T14:00:00Z'));
    expect(parseWigleTime('2025-06-01T10:00:00-04:00', TORONTO)).toBe(utc('2025-06-01T14:00:00Z'));
    expect(parseWigleTime('1748786400', TORONTO)).toBe(utc('2025-06-01T14:00:00Z'));
    expect(parseWigleTime('2025-13-01 00:00:00', TORONTO)).toBeUndefined();
  });

  // Oracle: Intl's own formatting of the answer in Toronto must show the wall-clock time it was read from.
  const shown = (at: number) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: TORONTO, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .format(at).replace('T', ' ');
  for (const day of ['2025-03-09', '2025-11-02', '2024-03-10', '2024-11-03', '2022-11-06'])
    it(`when every minute of ${day} (a DST change) is read, then each answer shows that time in Toronto, except the skipped hour`, () => {
      let skipped = 0;
      for (let minute = 0; minute < 24 * 60; minute += 1) {
        const wall = `${day} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
        const at = parseWigleTime(wall, TORONTO);
        if (at === SKIPPED) {
          skipped += 1;
          expect(wall.slice(11, 13)).toBe('02');
          continue;
        }
        expect(shown(at!)).toBe(wall);
        // In the repeated hour the clock showed the time again an hour later: the earlier instant was chosen.
        if (shown(at! - 3_600_000) === wall) throw new Error(`${wall} read as its second pass`);
      }
      expect(skipped).toBe(day.slice(5, 7) === '03' ? 60 : 0);
    });
});

// Which stored readings are one survey scan: the rows one uploader's WiGLE file wrote at one time and place.
import { describe, expect, it } from 'vitest';
import { scanKeyOf } from '../../server/domain/survey-scan';

const row = { source: 'wigle', time: Date.UTC(2026, 5, 1, 14), lon: -80.486, lat: 43.4529, deviceKey: 'volunteer-1' };

describe('survey scans', () => {
  it('when two WiGLE rows share uploader, time and place, then they are one scan; change any of them and they are not', () => {
    expect(scanKeyOf(row)).toBe(scanKeyOf({ ...row }));
    for (const other of [{ deviceKey: 'volunteer-2' }, { time: row.time + 1000 }, { lon: row.lon + 1e-5 }, { lat: row.lat + 1e-5 }, { deviceKey: null }])
      expect(scanKeyOf({ ...row, ...other })).not.toBe(scanKeyOf(row));
  });

  it('when a reading comes from the app (or any source that names only the loudest network), then it belongs to no scan', () => {
    for (const source of ['app', 'survey', 'sensor', 'simulated']) expect(scanKeyOf({ ...row, source })).toBeNull();
  });
});

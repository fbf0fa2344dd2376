// Which stored readings are one scan: the rows one device listed at one time and place.
import { describe, expect, it } from 'vitest';
import { scanKeyOf } from '../../server/domain/survey-scan';

const row = { source: 'wigle', time: Date.UTC(2026, 5, 1, 14), lon: -80.486, lat: 43.4529, deviceKey: 'volunteer-1', bssid: 'aa:bb:cc:00:00:01' };

describe('survey scans', () => {
  it('when two WiGLE rows share uploader, time and place, then they are one scan; change any of them and they are not', () => {
    expect(scanKeyOf(row)).toBe(scanKeyOf({ ...row, bssid: 'aa:bb:cc:00:00:02' }));
    for (const other of [{ deviceKey: 'volunteer-2' }, { time: row.time + 1000 }, { lon: row.lon + 1e-5 }, { lat: row.lat + 1e-5 }, { deviceKey: null }])
      expect(scanKeyOf({ ...row, ...other })).not.toBe(scanKeyOf(row));
  });

  it('when a WiGLE row names no BSSID, then it is still part of its scan (a WiGLE file lists every network)', () => {
    expect(scanKeyOf({ ...row, bssid: null })).toBe(scanKeyOf(row));
  });

  it('when a survey app or sensor lists several BSSIDs with one device, time and place, then they are one scan too', () => {
    for (const source of ['app', 'survey', 'sensor']) {
      const key = scanKeyOf({ ...row, source });
      expect(key).not.toBeNull();
      expect(scanKeyOf({ ...row, source, bssid: 'aa:bb:cc:00:00:02' })).toBe(key);
      expect(scanKeyOf({ ...row, source, time: row.time + 1 })).not.toBe(key);
    }
  });

  it('when an app row names no BSSID or no device, then it belongs to no scan: it cannot be told from a repeated reading', () => {
    for (const source of ['app', 'survey', 'sensor']) {
      expect(scanKeyOf({ ...row, source, bssid: null })).toBeNull();
      expect(scanKeyOf({ ...row, source, deviceKey: null })).toBeNull();
    }
  });

  it('when a reading is simulated, then it belongs to no scan (it is never evidence)', () => {
    expect(scanKeyOf({ ...row, source: 'simulated' })).toBeNull();
  });
});

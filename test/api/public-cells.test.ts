// The public observations layer (public_cells) counts exactly the readings stored, whatever path stored them:
// a batch (with repeats inside it and of earlier batches), one reading at a time, simulated what-if readings
// (never counted), and a rejected batch (nothing counted). Real HTTP against a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DOWNTOWN, mintPhone, publicCellsDrift, removeDir, startServer, type Running } from './harness';

describe('the public observations layer counts what is stored', () => {
  let s: Running;
  let token: string;
  let second: string; // another phone
  beforeAll(async () => {
    s = await startServer();
    token = await mintPhone(s.url);
    second = await mintPhone(s.url);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const post = (path: string, body: unknown, device = token) =>
    fetch(`${s.url}/api/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Device-Token': device }, body: JSON.stringify(body) });
  const at = (east: number, north: number) => ({ lon: DOWNTOWN.lon + east / 80_800, lat: DOWNTOWN.lat + north / 111_195 });
  const reading = (east: number, north: number, extra: Record<string, unknown> = {}) =>
    ({ ...at(east, north), observedAt: new Date(Date.now() - 60_000 * (1 + Math.abs(east))).toISOString(), accuracyM: 8, source: 'survey', clientId: randomUUID(), signalDbm: -60 - Math.abs(north) / 10, ssid: 'KitchenerWiFi', ...extra });

  const cellAt = async (east: number, north: number) => {
    const { lon, lat } = at(east, north);
    const res = await fetch(`${s.url}/ogc/collections/observations/items?bbox=${lon - 1e-6},${lat - 1e-6},${lon + 1e-6},${lat + 1e-6}`);
    return ((await res.json()) as { features: { properties: { observations: number; signalReadings: number; noFreeNetwork: number } }[] }).features[0]?.properties;
  };

  it('when readings arrive in batches, with repeats, one at a time and simulated, then every cell holds exactly the stored ones', async () => {
    const first = [reading(0, 0), reading(3, 2), reading(4, -3, { signalDbm: undefined, ssid: undefined, noFreeNetwork: true }), reading(300, 300), reading(301, 299)];
    expect((await post('observations/batch', { observations: first })).status).toBe(201);
    // Again, with one new reading in the first cell: the repeats are acknowledged, not counted twice.
    expect((await post('observations/batch', { observations: [...first, reading(1, 1)] })).status).toBe(201);
    expect((await post('observations', reading(2, 2))).status).toBe(201);
    expect((await post('observations/batch', { observations: [reading(0, 0, { source: 'simulated' })] })).status).toBe(201);
    expect((await post('observations/batch', { observations: [reading(0, 0), { ...reading(0, 0), lat: 'north' }] })).status).toBe(400); // all or nothing

    // One phone's readings alone are its path: no cell is public yet.
    expect(await cellAt(0, 0)).toBeUndefined();
    expect(await cellAt(300, 300)).toBeUndefined();
    expect(publicCellsDrift(s.store)).toEqual([]);

    // A second phone measures in both cells: now they are shown, with every stored reading counted.
    expect((await post('observations/batch', { observations: [reading(1, 0), reading(300, 301, { signalDbm: undefined, ssid: undefined, noFreeNetwork: true })] }, second)).status).toBe(201);
    expect(await cellAt(0, 0)).toMatchObject({ observations: 6, signalReadings: 5, noFreeNetwork: 1 });
    expect(await cellAt(300, 300)).toMatchObject({ observations: 3, signalReadings: 2, noFreeNetwork: 1 });
    expect(publicCellsDrift(s.store)).toEqual([]);
  });

  it('when a database from before migration 023 is opened, then it counts the devices of every stored reading', async () => {
    s.store.db.exec('DROP TRIGGER public_cell_devices_delete; DROP TABLE public_cell_devices; DROP TABLE public_cells_shown');
    s.store.db.pragma('user_version = 22');
    await s.stop();
    s = await startServer({}, s.dir);
    expect(publicCellsDrift(s.store)).toEqual([]);
    expect(await cellAt(0, 0)).toMatchObject({ observations: 6 });
    expect(await cellAt(4, -3)).toMatchObject({ observations: 6 }); // the same 25 m cell
    expect(await cellAt(600, 600)).toBeUndefined();
  });
});

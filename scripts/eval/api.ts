// The public HTTP API as the simulation uses it: device credentials, observation batches, the coverage
// map, the registry and (planners) discoveries. Tolerant of fields and endpoints that do not exist yet.
import { randomUUID } from 'node:crypto';
import type { Reading } from './readings';

export const BATCH_MAX = 1_000; // observations per request: the API's limit (server/domain/limits.ts)
const SETTLE_POLL_MS = 1_000; // ms between two /coverage/stats answers that must agree
const SETTLE_MAX_MS = 30_000; // ms: give up waiting for a model that keeps changing
const CELLS_ZOOM = 15; // map zoom that returns the 25 m cells (level 0), see server/http/routes/coverage.ts

/** How a phone proves it is the same phone: a server-issued token (new API) or a random id in the body (old). */
export type DeviceCredential = ({ header: string } | { deviceId: string }) & { from: string };

/**
 * How the simulated phones reach the server: each from its own network with its own token (as a city's phones
 * do), all from one address (one machine feeding a whole city: the server counts its tokens minted in one minute
 * as one voice), or with the old body field deviceId only (an unknown device, never independent).
 */
export const PHONE_FEEDS = ['own-networks', 'one-address', 'device-id'] as const;
export type PhoneFeed = (typeof PHONE_FEEDS)[number];

/**
 * The address a simulated phone's requests come from (sent as X-Forwarded-For; the server runs with
 * TRUST_PROXY). Phones on their own networks mint credentials independently; one network minting many in a
 * minute is one cohort, as the server counts it. Each phone has its own /64, as each customer of a provider does
 * (the server counts an IPv6 /64 as one client). IPv6 documentation prefix: a header value, never a target.
 */
export const phoneAddress = (device: number) => `2001:db8:${(device + 1).toString(16)}::1`;

export interface CellFeature {
  id: number;
  ring: number[][]; // outer ring, lon/lat
  className: string;
  pUsable: number | null;
}

export class Api {
  constructor(readonly url: string, private readonly token: string) {}

  private async call(path: string, init: RequestInit = {}, planner = false): Promise<Response> {
    const headers = new Headers(init.headers);
    if (planner) headers.set('authorization', `Bearer ${this.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    try {
      return await fetch(`${this.url}/api/v1${path}`, { ...init, headers });
    } catch (err) {
      // A keep-alive socket the server closed while we were busy computing fails once; a GET is safe to repeat.
      if ((init.method ?? 'GET') !== 'GET') throw err;
      return fetch(`${this.url}/api/v1${path}`, { ...init, headers });
    }
  }

  private async json<T>(path: string, planner = false): Promise<T> {
    const res = await this.call(path, {}, planner);
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return (await res.json()) as T;
  }

  /** One credential per simulated phone: POST /devices when the server has it (and the feed uses it), else a random deviceId. */
  async deviceCredential(device: number, feed: PhoneFeed = 'own-networks'): Promise<DeviceCredential> {
    const from = feed === 'one-address' ? phoneAddress(0) : phoneAddress(device);
    if (feed === 'device-id') return { deviceId: randomUUID(), from };
    const res = await this.call('/devices', { method: 'POST', body: '{}', headers: { 'x-forwarded-for': from } });
    if (res.status === 404) return { deviceId: randomUUID(), from };
    if (res.status !== 201) throw new Error(`POST /devices answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const { deviceToken } = (await res.json()) as { deviceToken: string };
    return { header: deviceToken, from };
  }

  /** Posts one device's readings (≤ BATCH_MAX) as observations at `now` minus their age. */
  async postBatch(credential: DeviceCredential, readings: Reading[], now: number): Promise<void> {
    if (readings.length > BATCH_MAX) throw new RangeError(`batch of ${readings.length} is over ${BATCH_MAX}`);
    const observations = readings.map((r) => ({
      observedAt: new Date(now - r.agoMs).toISOString(),
      lon: r.lon,
      lat: r.lat,
      accuracyM: r.accuracyM,
      source: r.source,
      ...(r.noFreeNetwork ? { noFreeNetwork: true } : { signalDbm: r.signalDbm }),
      ...(r.ssid ? { ssid: r.ssid } : {}),
      ...(r.bssid ? { bssid: r.bssid } : {}),
      ...('deviceId' in credential ? { deviceId: credential.deviceId } : {}),
    }));
    const headers: Record<string, string> = { 'x-forwarded-for': credential.from, ...('header' in credential ? { 'x-device-token': credential.header } : {}) };
    const res = await this.call('/observations/batch', { method: 'POST', headers, body: JSON.stringify({ observations }) });
    if (res.status !== 201) throw new Error(`POST /observations/batch answered ${res.status}: ${(await res.text()).slice(0, 1000)}`);
  }

  stats(): Promise<Record<string, unknown> & { city: { coveredAreaM2: number; expectedCoveredAreaM2?: number; expectedCoveredIntervalM2?: [number, number] } }> {
    return this.json('/coverage/stats');
  }

  /** Polls /coverage/stats until two answers SETTLE_POLL_MS apart agree; false if it never settles. */
  async settle(): Promise<boolean> {
    // Equal answers a second apart are not enough on a busy machine: a refresh can be due while two polls agree.
    // A server that says it is still settling (readings queued, fits catching up) is waited for.
    const poll = async () => {
      const { computedAt: _clock, ...rest } = await this.stats();
      return { settling: (rest.ingest as { settling?: boolean } | undefined)?.settling === true, text: JSON.stringify(rest) };
    };
    const until = Date.now() + SETTLE_MAX_MS;
    let previous = await poll();
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      const next = await poll();
      if (!next.settling && !previous.settling && next.text === previous.text) return true;
      previous = next;
    }
    return false;
  }

  /** Level-0 cells meeting `bbox`, fetched in chunks small enough to come back unaggregated. */
  async cells([w, s, e, n]: [number, number, number, number], chunksPerSide: number): Promise<Map<number, CellFeature>> {
    const cells = new Map<number, CellFeature>();
    for (let i = 0; i < chunksPerSide; i++)
      for (let j = 0; j < chunksPerSide; j++) {
        const bbox = [w + ((e - w) * i) / chunksPerSide, s + ((n - s) * j) / chunksPerSide, w + ((e - w) * (i + 1)) / chunksPerSide, s + ((n - s) * (j + 1)) / chunksPerSide];
        const fc = await this.json<{ level?: number; features: { geometry: GeoJSON.Polygon; properties: Record<string, unknown> }[] }>(`/coverage/cells?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}&zoom=${CELLS_ZOOM}`);
        if (fc.level !== undefined && fc.level !== 0) throw new Error(`/coverage/cells answered level ${fc.level} for a chunk: use more chunks`);
        for (const f of fc.features) {
          const id = Number(f.properties.id);
          cells.set(id, { id, ring: f.geometry.coordinates[0], className: String(f.properties.class), pUsable: typeof f.properties.pUsable === 'number' ? f.properties.pUsable : null });
        }
      }
    return cells;
  }

  accessPoints(): Promise<GeoJSON.FeatureCollection<GeoJSON.Point>> {
    return this.json('/access-points');
  }

  async patchAccessPoint(id: number | string, patch: Record<string, unknown>): Promise<void> {
    const res = await this.call(`/access-points/${id}`, { method: 'PATCH', body: JSON.stringify(patch) }, true);
    if (!res.ok) throw new Error(`PATCH /access-points/${id} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }

  /** The planner's discovered-hotspot suggestions; null when the server has no such endpoint yet. */
  async discoveries(): Promise<{ bssid: string | null; position: [number, number] }[] | null> {
    const res = await this.call('/discoveries', {}, true);
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GET /discoveries answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return ((await res.json()) as { discoveries: { bssid: string | null; position: [number, number] }[] }).discoveries;
  }
}

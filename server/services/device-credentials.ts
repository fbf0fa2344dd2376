// Device credentials the server issues and verifies itself, so "independent devices" means something:
// a client can no longer invent 30 phones by sending 30 random ids. A token carries a random device id,
// a random cohort id and the time, signed with an HMAC under a server secret; the database keeps only
// keyed hashes of the ids. Every token one client mints within one clock minute shares one cohort, and
// devices of one cohort are counted as one voice.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DeviceKeyer } from './device-keys';
import type { Store } from '../store';

/** Who made an anonymous write: keyed hashes, or nulls for an unknown device (no or a legacy id). */
export interface DeviceIdentity {
  deviceKey: string | null; // HMAC of the device id: one phone
  cohortKey: string | null; // HMAC of the cohort id: credentials minted together share one
}

export const UNKNOWN_DEVICE: DeviceIdentity = { deviceKey: null, cohortKey: null };

const VERSION = 'd1'; // token format version, so a later format can be told apart
const ID_BYTES = 16; // bytes: 128 random bits per device and cohort id, beyond guessing
const MINUTE_MS = 60_000;
const MAX_COHORTS = 50_000; // clients remembered within one minute at most; beyond it a client gets a fresh cohort
const TOKEN = /^d1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceCredentials {
  /** A new credential for the client behind `clientKey` (already a keyed hash, never the address). */
  issue(clientKey: string, nowMs: number): { deviceToken: string; issuedAt: string };
  /** The identity a token proves, or null when it is forged, garbled or revoked. */
  verify(token: string): DeviceIdentity | null;
}

export function deviceCredentials(store: Store, keyOf: DeviceKeyer): DeviceCredentials {
  const secret = store.settings.getOrCreate('device_token_secret', () => randomBytes(32).toString('base64url'));
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  const cohortKeyOf = (cohortId: string) => keyOf(`cohort:${cohortId}`)!; // a prefix keeps cohort and device hashes apart
  // Cohort ids of the current minute only, by client: random, so nothing about the address is in them.
  let minute = -1;
  const cohorts = new Map<string, string>();

  function cohortFor(clientKey: string, nowMs: number): string {
    const thisMinute = Math.floor(nowMs / MINUTE_MS);
    if (thisMinute !== minute || cohorts.size >= MAX_COHORTS) {
      minute = thisMinute;
      cohorts.clear();
    }
    let cohort = cohorts.get(clientKey);
    if (!cohort) cohorts.set(clientKey, (cohort = randomBytes(ID_BYTES).toString('base64url')));
    return cohort;
  }

  return {
    issue(clientKey, nowMs) {
      const deviceId = randomBytes(ID_BYTES).toString('base64url');
      const cohortId = cohortFor(clientKey, nowMs);
      const payload = `${VERSION}.${deviceId}.${cohortId}.${Math.floor(nowMs / 1000).toString(36)}`;
      const issuedAt = new Date(nowMs).toISOString();
      store.devices.insert(keyOf(deviceId)!, cohortKeyOf(cohortId), issuedAt);
      return { deviceToken: `${payload}.${sign(payload)}`, issuedAt };
    },
    verify(token) {
      const match = TOKEN.exec(token);
      if (!match) return null;
      const [, deviceId, cohortId, , mac] = match;
      const expected = Buffer.from(sign(token.slice(0, token.lastIndexOf('.'))));
      if (!timingSafeEqual(expected, Buffer.from(mac))) return null;
      const device = store.devices.get(keyOf(deviceId)!);
      if (!device || device.revokedAt !== null || device.cohortKey !== cohortKeyOf(cohortId)) return null;
      return { deviceKey: device.deviceKey, cohortKey: device.cohortKey };
    },
  };
}

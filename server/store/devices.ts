// Device credentials the server issued, each held only as keyed hashes: never the token or an address.
import type { Db } from './db';

export interface IssuedDevice {
  deviceKey: string;
  cohortKey: string;
  issuedAt: string;
  revokedAt: string | null;
}

export function deviceRepository(db: Db) {
  const insert = db.prepare('INSERT INTO devices (device_key, cohort_key, issued_at) VALUES (?, ?, ?)');
  const byKey = db.prepare<[string], { device_key: string; cohort_key: string; issued_at: string; revoked_at: string | null }>(
    'SELECT * FROM devices WHERE device_key = ?');
  const revoke = db.prepare('UPDATE devices SET revoked_at = ? WHERE device_key = ? AND revoked_at IS NULL');
  return {
    insert(deviceKey: string, cohortKey: string, issuedAt: string): void {
      insert.run(deviceKey, cohortKey, issuedAt);
    },
    get(deviceKey: string): IssuedDevice | undefined {
      const row = byKey.get(deviceKey);
      return row && { deviceKey: row.device_key, cohortKey: row.cohort_key, issuedAt: row.issued_at, revokedAt: row.revoked_at };
    },
    /** Refuses the credential from now on (abuse); its earlier writes stay. */
    revoke(deviceKey: string, at: string): boolean {
      return revoke.run(at, deviceKey).changes === 1;
    },
  };
}

// The store: the only part of the server that knows SQL.
import { openDatabase, type Db } from './db';
import { accessPointRepository } from './access-points';
import { reportRepository } from './reports';
import { observationRepository } from './observations';
import { referenceRepository } from './reference';
import { auditRepository, staffRepository } from './staff';
import { settingsRepository } from './settings';
import { evidenceRepository } from './evidence';
import { scenarioRepository } from './scenarios';
import { layerRepository } from './layers';
import { importRepository } from './imports';
import { hotspotDecisionRepository } from './hotspot-decisions';
import { deviceRepository } from './devices';
import { observationWriter } from './observation-writer';

export type Store = ReturnType<typeof createStore>;

export function createStore(db: Db) {
  const writer = observationWriter(db);
  return {
    db,
    accessPoints: accessPointRepository(db),
    reports: reportRepository(db),
    observations: observationRepository(db),
    reference: referenceRepository(db),
    staff: staffRepository(db),
    audit: auditRepository(db),
    settings: settingsRepository(db),
    evidence: evidenceRepository(db),
    scenarios: scenarioRepository(db),
    layers: layerRepository(db),
    imports: importRepository(db),
    hotspotDecisions: hotspotDecisionRepository(db),
    devices: deviceRepository(db),
    /** Observation batches, group-committed off the event loop (observation-writer.ts). */
    writeObservations: writer.write,
    /** An import's batch of kept sightings, the same way. */
    writeSightings: writer.writeSightings,
    startObservationWriter: writer.start,
    /**
     * Runs fn in one write transaction: all of its writes land, or none. BEGIN IMMEDIATE takes the
     * write lock first, waiting up to busy_timeout for it: a deferred transaction that read and then
     * wrote while another process (the WiGLE command) committed would fail at once with SQLITE_BUSY.
     */
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    /** Copies the WAL into the database as far as readers allow, never waiting (PASSIVE); the file is cut back to its limit (db.ts). */
    checkpoint: () => void db.pragma('wal_checkpoint(PASSIVE)'),
    close: () => {
      writer.close();
      db.close();
    },
  };
}

export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}

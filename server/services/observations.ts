// Observations from apps, surveys and sensors: stored raw, all of a batch or none of it, acknowledged
// only once on disk. Storing is group-committed off the event loop (store/observation-writer.ts).
import { InvalidInput } from '../domain/errors';
import type { FieldError, ObservationInput } from '../domain/schemas';
import type { Store } from '../store';
import { toObservationRow, type ObservationRow, type StoredRow } from '../store/observations';
import type { DeviceIdentity } from './device-credentials';
import type { RegistryMatcher } from '../domain/registry-match';

export interface AddedObservation extends StoredRow {
  row: ObservationRow; // as stored, with the access point the server matched
}

export async function addObservations(
  store: Store,
  device: DeviceIdentity, // who sent them: one device for the whole request
  inputs: ObservationInput[],
  now: Date,
  pathPrefix = '', // 'observations.' for a batch, so errors point at the right element
  match?: RegistryMatcher, // the server decides which AP a reading heard; without one, the client's claim is stored as given
): Promise<AddedObservation[]> {
  const errors: FieldError[] = [];
  const known = new Map<number, boolean>(); // a batch names few access points: look each up once
  inputs.forEach((o, i) => {
    if (o.accessPointId === undefined) return;
    let exists = known.get(o.accessPointId);
    if (exists === undefined) known.set(o.accessPointId, (exists = store.accessPoints.get(o.accessPointId) !== undefined));
    if (!exists) errors.push({ path: `${pathPrefix}${pathPrefix ? `${i}.` : ''}accessPointId`, message: `access point ${o.accessPointId} does not exist` });
  });
  if (errors.length) throw new InvalidInput(errors);
  const rows = inputs.map((o) => {
    const row = toObservationRow(o, device);
    if (match) row.accessPointId = match({ position: [o.lon, o.lat], ssid: o.ssid, bssid: o.bssid, accessPointId: o.accessPointId });
    return row;
  });
  const stored = await store.writeObservations(rows, now.toISOString());
  return stored.map((s, i) => ({ ...s, row: rows[i] }));
}

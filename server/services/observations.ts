// Observations from apps, surveys and sensors: stored raw, all of a batch or none of it.
import { InvalidInput } from '../domain/errors';
import type { FieldError, ObservationInput } from '../domain/schemas';
import type { Observation } from '../domain/types';
import type { Store } from '../store';
import type { DeviceIdentity } from './device-credentials';
import type { RegistryMatcher } from '../domain/registry-match';

export function addObservations(
  store: Store,
  device: DeviceIdentity, // who sent them: one device for the whole request
  inputs: ObservationInput[],
  now: Date,
  pathPrefix = '', // 'observations.' for a batch, so errors point at the right element
  match?: RegistryMatcher, // the server decides which AP a reading heard; without one, the client's claim is stored as given
): { observation: Observation; created: boolean }[] {
  const errors: FieldError[] = [];
  inputs.forEach((o, i) => {
    if (o.accessPointId !== undefined && !store.accessPoints.get(o.accessPointId))
      errors.push({ path: `${pathPrefix}${pathPrefix ? `${i}.` : ''}accessPointId`, message: `access point ${o.accessPointId} does not exist` });
  });
  if (errors.length) throw new InvalidInput(errors);
  const at = now.toISOString();
  const matched = match
    ? inputs.map((o) => ({ ...o, accessPointId: match({ position: [o.lon, o.lat], ssid: o.ssid, bssid: o.bssid, accessPointId: o.accessPointId }) ?? undefined }))
    : inputs;
  return store.transaction(() => matched.map((o) => store.observations.insert(o, at, device)));
}

// Observations from apps, surveys and sensors: stored raw, all of a batch or none of it.
import { InvalidInput } from '../domain/errors';
import type { FieldError, ObservationInput } from '../domain/schemas';
import type { Observation } from '../domain/types';
import type { Store } from '../store';
import type { DeviceIdentity } from './device-credentials';

export function addObservations(
  store: Store,
  device: DeviceIdentity, // who sent them: one device for the whole request
  inputs: ObservationInput[],
  now: Date,
  pathPrefix = '', // 'observations.' for a batch, so errors point at the right element
): { observation: Observation; created: boolean }[] {
  const errors: FieldError[] = [];
  inputs.forEach((o, i) => {
    if (o.accessPointId !== undefined && !store.accessPoints.get(o.accessPointId))
      errors.push({ path: `${pathPrefix}${pathPrefix ? `${i}.` : ''}accessPointId`, message: `access point ${o.accessPointId} does not exist` });
  });
  if (errors.length) throw new InvalidInput(errors);
  const at = now.toISOString();
  return store.transaction(() => inputs.map((o) => store.observations.insert(o, at, device)));
}

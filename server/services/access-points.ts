// The registry's use cases for staff: every change is audited with who made it.
import { NotFound } from '../domain/errors';
import type { AccessPointInput, AccessPointPatch } from '../domain/schemas';
import type { AccessPoint } from '../domain/types';
import type { Store } from '../store';
import type { Coverage } from './coverage';
import { storedWithModel } from './model-sync';

type RegistryModel = Pick<Coverage, 'registryChanged'>;

/** Adds an access point to the registry and the model; if the model refuses it, nothing is stored. */
export function createAccessPoint(store: Store, coverage: RegistryModel, input: AccessPointInput, userId: number, now: Date): AccessPoint {
  return storedWithModel(store, () => insertAccessPoint(store, input, userId, now), () => coverage.registryChanged());
}

/** The store's half of createAccessPoint, for use cases that tell the model themselves. */
export function insertAccessPoint(store: Store, input: AccessPointInput, userId: number, now: Date): AccessPoint {
  return store.transaction(() => {
    const id = store.accessPoints.insert(input, now.toISOString())!;
    store.audit.record(now.toISOString(), userId, 'access_point.create', 'access_point', id, { after: input });
    return store.accessPoints.get(id)!;
  });
}

/** Changes an access point in the registry and the model; if the model refuses the change, nothing is stored. */
export function updateAccessPoint(store: Store, coverage: RegistryModel, id: number, patch: AccessPointPatch, userId: number, now: Date): AccessPoint {
  return storedWithModel(store, () => patchAccessPoint(store, id, patch, userId, now), () => coverage.registryChanged());
}

function patchAccessPoint(store: Store, id: number, patch: AccessPointPatch, userId: number, now: Date): AccessPoint {
  return store.transaction(() => {
    const before = store.accessPoints.get(id);
    if (!before) throw new NotFound('access point', id);
    store.accessPoints.update(id, patch, now.toISOString());
    const after = store.accessPoints.get(id)!;
    const changed = Object.keys(patch);
    store.audit.record(now.toISOString(), userId, 'access_point.update', 'access_point', id, {
      before: pick(flatten(before), changed),
      after: pick(flatten(after), changed),
    });
    return after;
  });
}

/** Retiring keeps the record (and the evidence that points at it); it just stops counting as coverage. */
export function retireAccessPoint(store: Store, coverage: RegistryModel, id: number, userId: number, now: Date): AccessPoint {
  return updateAccessPoint(store, coverage, id, { status: 'retired' }, userId, now);
}

const flatten = (ap: AccessPoint) => ({ ...ap, lon: ap.position[0], lat: ap.position[1] });
const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

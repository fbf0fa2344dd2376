// The reports on the map, held in one place: loaded with the page, and updated when this device's own
// report or "me too" reaches the server (possibly much later, from the outbox).
import type { ReportCollection, ReportFeature } from '../api';
import type { MapView } from '../map/map-view';

export interface ReportsStore {
  get(): ReportCollection;
  set(collection: ReportCollection): void;
  /** Adds a report or replaces the one with its id: a retry may return a report already shown. */
  upsert(report: ReportFeature): void;
  subscribe(listener: () => void): void;
}

export function createReportsStore(view: MapView): ReportsStore {
  let collection: ReportCollection = { type: 'FeatureCollection', features: [] };
  const listeners: (() => void)[] = [];
  const publish = () => {
    view.setData('reports', collection);
    for (const listener of listeners) listener();
  };
  return {
    get: () => collection,
    set(next) {
      collection = next;
      publish();
    },
    upsert(report) {
      const id = report.properties.id;
      collection = { ...collection, features: [...collection.features.filter((f) => f.properties.id !== id), report] };
      publish();
    },
    subscribe: (listener) => void listeners.push(listener),
  };
}

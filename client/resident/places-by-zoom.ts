// Places for the map, in two steps: every kind but transit stops with the page, and the ~1,400 stops only
// once the map reaches the zoom where they are drawn (transitStopsMinZoom): a city view never downloads them.
import { problemFrom, type PlaceCollection } from '../api';
import { transitStopsMinZoom, type MapView } from '../map/map-view';
import { PLACE_KINDS } from '../../server/domain/types';

const stopKind = 'transit_stop';

async function getPlaces(kinds: readonly string[]): Promise<PlaceCollection> {
  const response = await fetch(`/api/v1/places?kind=${kinds.join(',')}`, { headers: { Accept: 'application/json, application/problem+json' } });
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as PlaceCollection;
}

/** Every place but transit stops (what a city view draws). */
export function getPlacesWithoutStops(): Promise<PlaceCollection> {
  return getPlaces(PLACE_KINDS.filter((k) => k !== stopKind));
}

/** Adds the transit stops to the map's places the first time the view is zoomed in far enough to show them. */
export function loadStopsWhenZoomedIn(view: MapView, places: PlaceCollection, onError: (error: Error) => void): void {
  let asked = false;
  const check = () => {
    if (asked || view.zoom() < transitStopsMinZoom) return;
    asked = true;
    getPlaces([stopKind]).then(
      (stops) => view.setData('places', { type: 'FeatureCollection', features: [...places.features, ...stops.features] }),
      (error: Error) => {
        asked = false; // offline, say: try again on the next move
        onError(error);
      },
    );
  };
  view.onMoveEnd(check);
  check();
}

// What every planner tool shares: the map, the registry and statistics it keeps current, overlay shapes,
// and one way to explain a failed request (a 401 ends the session instead of failing silently).
import { circle } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import * as api from '../api';
import type { LngLat, MapClick, MapHit, MapView, OverlayProps } from '../map/map-view';
import { dropCachedAnswers } from './offline-cache';

export interface StaffHost {
  view: MapView;
  say: (message: string, options?: { sticky?: boolean }) => void;
  ready: Promise<void>; // the resident map's layers have loaded
  reloadReports(): Promise<void>; // the map's report layer, with staff detail while signed in
  registryChanged(accessPoints: api.AccessPointCollection): void; // redraw access points, coverage and gaps
}

export interface PlannerContext extends StaffHost {
  session: api.StaffSession;
  registry: Registry;
  stats: Stats;
  overlays: Overlays;
  /** A person-readable message for a failed request; a 401 also ends the workspace and asks to sign in again. */
  explain(error: unknown): string;
  /** Switches to a tool, e.g. from the Siting list to the What-if scenario. */
  showTab(id: TabId): void;
  whatIfAdd(sites: LngLat[]): void;
  editAccessPoint(id: number, mode: 'edit' | 'move'): void;
}

export type TabId = 'registry' | 'triage' | 'gaps' | 'siting' | 'whatif' | 'data';

/** One tool of the workspace: a tab, its panel, and what it does with the map while it is shown. */
export interface Tool {
  id: TabId;
  label: string;
  panel: HTMLElement;
  activate?(): void;
  deactivate?(): void;
  /** True when the tool used the click (e.g. placing a new access point); popups then stay closed. */
  handleMapClick?(click: MapClick): boolean;
  /** Adds the tool's actions to a popup, e.g. "Remove in this scenario". */
  decoratePopup?(hit: Extract<MapHit, { layer: 'accessPoints' }>, content: HTMLElement): void;
  destroy?(): void;
}

type Listener = () => void;

class Emitter {
  private listeners = new Set<Listener>();
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  protected emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Coverage statistics; `previous` is what they were before the last change a planner made. */
export class Stats extends Emitter {
  current: api.CoverageStats | null = null;
  previous: api.CoverageStats | null = null;
  /** `closed` aborts when the workspace closes (sign-out): an answer still on its way is then dropped, unsaid. */
  constructor(private readonly explain: (error: unknown) => string, private readonly say: StaffHost['say'], private readonly closed: AbortSignal) {
    super();
  }
  async refresh({ afterChange = false } = {}): Promise<void> {
    try {
      const next = await api.getCoverageStats(this.closed);
      if (this.closed.aborted) return;
      if (afterChange && this.current) this.previous = this.current;
      this.current = next;
      this.emit();
    } catch (error) {
      if (!this.closed.aborted) this.say(`Could not load the coverage statistics: ${this.explain(error)}`);
    }
  }
}

/** The access-point registry as the map shows it; refresh() redraws points, reach circles, coverage and statistics. */
export class Registry extends Emitter {
  entries: api.RegistryEntry[] = [];
  /** `closed`: as Stats — after a sign-out no staff registry reaches the public map. */
  constructor(private readonly host: StaffHost, private readonly stats: Stats, private readonly closed: AbortSignal) {
    super();
  }
  get(id: number): api.RegistryEntry | undefined {
    return this.entries.find((e) => e.properties.id === id);
  }
  async refresh({ afterChange = false } = {}): Promise<void> {
    const registry = await api.getRegistry(this.closed);
    if (this.closed.aborted) return;
    this.entries = registry.features;
    if (afterChange) await Promise.all(['/api/v1/access-points', '/api/v1/coverage'].map(dropCachedAnswers));
    this.host.registryChanged(registry);
    this.emit();
    await this.stats.refresh({ afterChange });
  }
  /** Replaces one entry after a write, without waiting for the whole list. */
  replace(entry: api.RegistryEntry): void {
    const i = this.entries.findIndex((e) => e.properties.id === entry.properties.id);
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
    void Promise.all(['/api/v1/access-points', '/api/v1/coverage'].map(dropCachedAnswers)).then(() =>
      this.host.registryChanged({ type: 'FeatureCollection', features: this.entries }),
    );
    this.emit();
  }
}

type OverlayFeature = Feature<Polygon | MultiPolygon, OverlayProps>;

/** Named groups of overlay shapes, drawn together in the map's one overlay layer. */
export class Overlays {
  private groups = new Map<string, OverlayFeature[]>();
  constructor(private readonly view: MapView) {}
  set(name: string, features: OverlayFeature[]): void {
    if (features.length === 0) this.groups.delete(name);
    else this.groups.set(name, features);
    this.view.setData('overlay', { type: 'FeatureCollection', features: [...this.groups.values()].flat() });
  }
  clear(name: string): void {
    if (this.groups.has(name)) this.set(name, []);
  }
}

export const overlayColours = {
  site: '#b45309', // recommended sites: amber, apart from the Wi-Fi blue and the report colours
  hypothetical: '#2e7d32', // what-if additions
  removed: '#c62828',
  gap: '#7b1fa2',
} as const;

/** A reach circle for the overlay layer. */
export function reachShape(at: LngLat, radiusM: number, style: OverlayProps): OverlayFeature {
  const shape = circle([at.lon, at.lat], radiusM, { steps: 48, units: 'meters' });
  return { type: 'Feature', geometry: shape.geometry, properties: style };
}

/** Explains a failed request; `onSessionEnded` runs for a 401 so the planner can sign in again. */
export function explainer(onSessionEnded: (message: string) => void): (error: unknown) => string {
  return (error) => {
    if (!(error instanceof api.ApiError)) return error instanceof Error ? error.message : String(error);
    if (error.status === 401) {
      const message = 'Your staff session has ended (it expired, or you signed out in another tab). Sign in again; the last change was not saved.';
      onSessionEnded(message);
      return message;
    }
    if (error.status === 403) return `Not allowed: ${error.message}`;
    return error.message;
  };
}

// The engine's state as its readers see it: queries, gaps and what-if (and tests) take this read-only view
// instead of the engine, so they depend on data, not on the class that keeps it current.
import type { Grid } from './grid';
import type { CoverageOptions } from './options';
import type { LinkModel } from './propagation';
import type { Prediction, Transmitter } from './stamp';
import type { ApFit, DownVerdict, Discovery } from './hotspots';
import type { EvidenceLog } from './log';
import type { Ledger } from './ledger';
import type { Calibration } from './calibration';
import type { GapIndex } from './components';
import type { AreaInfo, StatsCounters } from './stats';
import type { AccessPointId, AccessPointInput, PlaceInput, SetAside } from './types';

/** An access point as the engine uses it. */
export interface RegistryEntry {
  input: AccessPointInput;
  index: number;
  active: boolean;
  x: number; // where the model puts it: the registry position, or a fitted one when readings disagree
  y: number;
  model: LinkModel; // the model stamped: the registry's, or a fit from readings (changed only when it matters)
  fit: ApFit | null;
  down: DownVerdict | null; // "probably down" verdict (active APs)
}

/** A hotspot nobody registered, placed from readings: drawn on the map until a planner decides. */
export interface DiscoveredHotspot extends Discovery {
  index: number; // its transmitter index: −1, −2, … (registry indices are ≥ 0)
}

export interface ResolvedPlace {
  input: PlaceInput;
  cell: number; // -1 outside the grid
  inCity: boolean;
  demand: number;
}

/**
 * What the model holds now. Arrays are per grid cell (typed arrays cannot be typed read-only: readers
 * must not write them). Reassigned parts (registry, discovered, places) are read afresh on every access.
 */
export interface CoverageState {
  readonly grid: Grid;
  readonly options: CoverageOptions;
  readonly now: number; // ms since the epoch: evidence ages are measured from here
  readonly areas: readonly AreaInfo[]; // [city, ...wards]
  readonly inside: Uint8Array; // 1 = cell centre inside the city
  readonly ward: Uint8Array; // ward index + 1 per city cell, 0 = none
  readonly covered: Uint8Array; // covered[class code]
  readonly coveredMinDbm: number;
  readonly floorDbm: number; // predictions below this are 'none' whatever they are
  readonly registry: readonly RegistryEntry[];
  readonly registryIndex: ReadonlyMap<AccessPointId, number>;
  readonly calibrations: ReadonlyMap<AccessPointId, Calibration>;
  readonly discovered: readonly DiscoveredHotspot[];
  readonly places: readonly ResolvedPlace[];
  readonly reportsByCell: ReadonlyMap<number, number>; // reports counted in their own city cell
  readonly reportersByCell: ReadonlyMap<number, ReadonlySet<number>>; // the devices that sent them (UNKNOWN_DEVICE: all without a credential)
  readonly log: EvidenceLog;
  readonly prediction: Prediction;
  readonly ledger: Ledger;
  readonly fused: Float32Array; // fused dBm per city cell (NaN outside)
  readonly confidence: Float32Array;
  readonly pUsable: Float32Array; // P(usable free Wi-Fi) per city cell
  readonly sigma: Float32Array; // dB: spread of the fused level
  readonly poolW: Float64Array; // evidence weight pooled into each cell
  readonly cls: Uint8Array; // class code per cell (0 outside the city)
  readonly gapIndex: GapIndex;
  readonly gapDistrict: Int32Array | null;
  readonly counters: StatsCounters;
  /** Transmitters for the active access points (registry order), then the discovered hotspots. */
  transmitters(): Transmitter[];
  /** Readings taken in the cell that count for nothing there, by why (for "why this colour?"). */
  setAsideIn(cell: number): SetAside;
  /** Prior dBm of a cell from its best prediction: the floor where nothing reaches. */
  priorDbm(best: number): number;
}

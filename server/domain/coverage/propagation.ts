// Predicted signal: the log-distance path-loss model RSSI(d) = EIRP − PL(d0) − 10·n·log10(d/d0), d0 = 1 m,
// its inverse (the reach drawn as a circle), and which model an access point uses:
// range override > calibration from its own observations > defaults for its band and surroundings.

export type Band = '2.4' | '5';
export type Environment = 'open' | 'urban';

export const REFERENCE_DISTANCE_M = 1; // m: d0; closer than this the far-field model does not hold, so d is clamped to it
export const REFERENCE_LOSS_DB: Record<Band, number> = { '2.4': 40, '5': 47 }; // dB at 1 m: free-space 20·log10(4πd/λ) = 40.2 dB at 2.44 GHz, 46.8 dB at 5.5 GHz
export const PATH_LOSS_EXPONENT: Record<Environment, number> = { open: 2.2, urban: 2.8 }; // n: open park a little above free space (2.0, ground reflection); street 2.7–3.0 (buildings, cars, trees)
export const WALL_LOSS_DB = 12; // dB: an indoor AP heard outdoors through one exterior wall or window (10–15 dB at 2.4 GHz)
export const DEFAULT_EIRP_DBM = 20; // dBm: a typical public AP transmits 100 mW
export const DEFAULT_COVERED_MIN_DBM = -75; // dBm: lower bound of 'fair', where a range override is anchored unless told otherwise

/** What the model needs to know about an access point (domain/ap-environment.ts maps the registry's environment to indoor + environment). */
export interface RadioAccessPoint {
  eirpDbm?: number | null; // dBm, default 20
  band?: Band | null; // default '2.4'
  indoor?: boolean | null; // default true: most public Wi-Fi sits inside a building
  environment?: Environment | null; // default 'urban', the more cautious exponent
  rangeOverrideM?: number | null; // m: staff-measured reach at the covered threshold; wins over everything
}

/** A resolved model: RSSI(d) = dbmAt1m − 10·n·log10(max(d, 1 m)). */
export interface LinkModel {
  dbmAt1m: number; // dBm heard at 1 m, walls included (= EIRP − PL(1 m) − wall loss)
  n: number; // path-loss exponent
  source: 'default' | 'calibrated' | 'override';
  heardWithinM?: number; // m: drawn no further than phones heard it (a discovered hotspot, which no planner has vetted)
}

/** The AP's own setting; 'urban' when not given (the more cautious exponent). */
export function environmentOf(ap: RadioAccessPoint): Environment {
  return ap.environment ?? 'urban';
}

/** The model from the AP's band, power and surroundings alone. */
export function defaultModel(ap: RadioAccessPoint): LinkModel {
  const eirp = ap.eirpDbm ?? DEFAULT_EIRP_DBM;
  const band = ap.band ?? '2.4';
  if (!(eirp >= -10 && eirp <= 40)) throw new RangeError(`eirpDbm ${eirp} must be within −10…40 dBm`);
  if (!(band in REFERENCE_LOSS_DB)) throw new RangeError(`band "${band}" must be "2.4" or "5"`);
  const wall = ap.indoor === false ? 0 : WALL_LOSS_DB;
  return { dbmAt1m: eirp - REFERENCE_LOSS_DB[band] - wall, n: PATH_LOSS_EXPONENT[environmentOf(ap)], source: 'default' };
}

/**
 * The model an access point uses. A range override keeps the default exponent and moves the curve so
 * the prediction reaches exactly `rangeOverrideM` at `coveredMinDbm`; otherwise a calibration fit wins.
 */
export function linkModel(ap: RadioAccessPoint, coveredMinDbm = DEFAULT_COVERED_MIN_DBM, calibrated?: LinkModel | null): LinkModel {
  const override = ap.rangeOverrideM;
  if (override != null) {
    if (!(override > REFERENCE_DISTANCE_M && override <= 10_000))
      throw new RangeError(`rangeOverrideM ${override} must be within 1–10000 m`);
    const n = defaultModel(ap).n;
    return { dbmAt1m: coveredMinDbm + 10 * n * Math.log10(override), n, source: 'override' };
  }
  return calibrated ?? defaultModel(ap);
}

/** Predicted signal at `distanceM` metres, dBm. */
export function predictDbm(model: LinkModel, distanceM: number): number {
  return model.dbmAt1m - 10 * model.n * Math.log10(Math.max(distanceM, REFERENCE_DISTANCE_M));
}

/** The distance, m, at which the prediction falls to `thresholdDbm` (0 when it is weaker even at 1 m; no further than `heardWithinM`). */
export function modelReachM(model: LinkModel, thresholdDbm: number): number {
  if (model.dbmAt1m < thresholdDbm) return 0;
  return Math.min(REFERENCE_DISTANCE_M * 10 ** ((model.dbmAt1m - thresholdDbm) / (10 * model.n)), model.heardWithinM ?? Infinity);
}

/** How far an access point reaches at `thresholdDbm` (default: the covered threshold), metres. */
export function reachM(ap: RadioAccessPoint, thresholdDbm = DEFAULT_COVERED_MIN_DBM, coveredMinDbm = DEFAULT_COVERED_MIN_DBM, calibrated?: LinkModel | null): number {
  return modelReachM(linkModel(ap, coveredMinDbm, calibrated), thresholdDbm);
}

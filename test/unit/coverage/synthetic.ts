// Synthetic signal fields with a known truth, for tests (always marked simulated):
// log-distance path loss from each transmitter plus spatially correlated log-normal shadowing.
import { gaussian, type ObservationInput, type Random } from '../../../server/domain/coverage/index';

export interface SyntheticTransmitter {
  x: number; // projected metres
  y: number;
  dbmAt1m: number;
  n: number;
}

export interface SyntheticField {
  /** True signal of the strongest transmitter at (x, y), dBm. */
  dbmAt(x: number, y: number): number;
  /** Shadowing at (x, y), dB (a stationary Gaussian field: mean 0, sd sigmaDb). */
  shadowAt(x: number, y: number): number;
}

const FEATURES = 64; // random Fourier features: enough for a smooth, stationary field with a Gaussian covariance

export function syntheticField(random: Random, transmitters: readonly SyntheticTransmitter[], shadowing = { sigmaDb: 6, correlationM: 60 }): SyntheticField {
  const kx = new Float64Array(FEATURES), ky = new Float64Array(FEATURES), phase = new Float64Array(FEATURES);
  for (let m = 0; m < FEATURES; m++) {
    kx[m] = gaussian(random) / shadowing.correlationM;
    ky[m] = gaussian(random) / shadowing.correlationM;
    phase[m] = 2 * Math.PI * random();
  }
  const amplitude = shadowing.sigmaDb * Math.sqrt(2 / FEATURES);
  const shadowAt = (x: number, y: number) => {
    let sum = 0;
    for (let m = 0; m < FEATURES; m++) sum += Math.cos(kx[m] * x + ky[m] * y + phase[m]);
    return amplitude * sum;
  };
  return {
    shadowAt,
    dbmAt(x, y) {
      let best = -Infinity;
      for (const t of transmitters) {
        const d = Math.max(1, Math.hypot(x - t.x, y - t.y));
        const dbm = t.dbmAt1m - 10 * t.n * Math.log10(d);
        if (dbm > best) best = dbm;
      }
      return best + shadowAt(x, y);
    },
  };
}

export interface SampleOptions {
  position: () => [x: number, y: number]; // where each sample is taken, projected metres
  noiseDb?: number; // per-reading noise on top of the field (fading, device), dB; default 3
  devices?: number; // distinct device keys "sim-0"…, default 50
  time: () => number; // ms since the epoch
  accuracyM?: () => number; // default 10 m
  heardAboveDbm?: number; // weaker readings come back as "no free network heard"; default −95
  accessPointId?: number | string | null;
}

/** `count` simulated observations of `field`, as the engine takes them (x/y positions). */
export function sampleObservations(random: Random, field: SyntheticField, count: number, o: SampleOptions): ObservationInput[] {
  const noise = o.noiseDb ?? 3, devices = o.devices ?? 50, heard = o.heardAboveDbm ?? -95;
  const out: ObservationInput[] = [];
  for (let i = 0; i < count; i++) {
    const [x, y] = o.position();
    const reading = field.dbmAt(x, y) + noise * gaussian(random);
    out.push({
      x,
      y,
      accuracyM: o.accuracyM ? o.accuracyM() : 10,
      time: o.time(),
      signalDbm: reading >= heard ? Math.max(-120, Math.min(0, Math.round(reading))) : null,
      deviceKey: `sim-${Math.floor(random() * devices)}`,
      accessPointId: o.accessPointId ?? null,
    });
  }
  return out;
}

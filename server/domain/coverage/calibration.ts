// What a fitted access point's model says about its fit (the fit itself: hotspot-fit.ts).
import type { LinkModel } from './propagation';

export interface Calibration extends LinkModel {
  source: 'calibrated';
  samples: number; // readings used
  residualMadDb: number; // median absolute residual, dB: how well the fitted curve explains the readings
}

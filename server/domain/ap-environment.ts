// An access point's environment, from what people give us to what the coverage model needs.
import type { Environment } from './coverage/propagation';
import { DEFAULT_AP_ENVIRONMENT, type ApEnvironment } from './types';

/** What the propagation model reads: a wall to hear through (indoor) and the path-loss exponent's setting. */
export interface RadioEnvironment {
  indoor: boolean;
  environment: Environment;
}

// One row per environment; the type makes the table complete.
const RADIO: Record<ApEnvironment, RadioEnvironment> = {
  indoor: { indoor: true, environment: 'urban' }, // heard outdoors through a wall, among buildings
  outdoor_urban: { indoor: false, environment: 'urban' }, // on a pole or a facade, buildings and cars around
  outdoor_open: { indoor: false, environment: 'open' }, // a park or a square: few obstacles
};

/** The propagation model's view of an environment. */
export function radioEnvironment(environment: ApEnvironment): RadioEnvironment {
  const radio = RADIO[environment];
  if (!radio) throw new RangeError(`environment "${environment}" must be one of ${Object.keys(RADIO).join(', ')}`);
  return { ...radio };
}

/**
 * The environment from the older `indoor` flag: true is indoor; false is outdoors among buildings, the more
 * cautious of the two outdoor settings. Neither given: the one default.
 */
export function environmentFrom(environment: ApEnvironment | undefined, indoor: boolean | undefined): ApEnvironment {
  if (environment !== undefined) return environment;
  if (indoor !== undefined) return indoor ? 'indoor' : 'outdoor_urban';
  return DEFAULT_AP_ENVIRONMENT;
}

/** Whether an `indoor` flag says the same as an environment (both may be given; they must agree). */
export const indoorAgrees = (environment: ApEnvironment, indoor: boolean): boolean => (environment === 'indoor') === indoor;

// Before a new access point is saved: how much covered area it would add where it stands, from a what-if
// of just that site — and a warning when that is nothing (issue 13: "a new access point that adds no
// coverage gets a warning").
import * as api from '../api';
import { positionOf } from './ap-form';
import { h } from './dom';
import { area } from './format';
import { noGainM2 } from './map-words';

const debounceMs = 300; // ms: a drag or typing is checked once, after the hand stops

export interface GainCheck {
  element: HTMLElement;
  /** Checks these fields (null, or no position yet: says nothing). */
  check(values: api.AccessPointFields | null): void;
}

export function createGainCheck(): GainCheck {
  const element = h('p', { class: 'hint', role: 'status', 'data-testid': 'ap-gain' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;

  async function ask(values: api.AccessPointFields, at: { lon: number; lat: number }): Promise<void> {
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    const site = { lon: at.lon, lat: at.lat, environment: values.environment, ...(Number.isFinite(values.eirpDbm) ? { eirpDbm: values.eirpDbm } : {}), ...(values.band ? { band: values.band } : {}) };
    try {
      const result = await api.whatIf({ add: [site], move: [], remove: [] }, controller.signal);
      const adds = result.added[0]?.addsCoveredAreaM2 ?? result.coveredAreaM2.change; // one site: the same figure
      element.className = adds < noGainM2 ? 'pl-warning' : 'hint';
      element.textContent =
        adds < noGainM2
          ? 'Here it would add no covered area: free Wi-Fi already reaches this spot. It can still be saved (a second network, a busy place), but a gap would gain more.'
          : `Here it would add ${area(adds)} of covered area.`;
    } catch {
      if (!controller.signal.aborted) element.textContent = ''; // the check is advice: saving still works without it
    }
  }

  return {
    element,
    check(values) {
      clearTimeout(timer);
      const at = values && positionOf(values);
      if (!values || !at) {
        inFlight?.abort();
        element.className = 'hint';
        element.textContent = '';
        return;
      }
      timer = setTimeout(() => void ask(values, at), debounceMs);
    },
  };
}

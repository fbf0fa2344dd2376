// Saved what-if scenarios, each evaluated against today's model when read.
import type * as wire from '../../server/domain/wire';
import { base, fresh, request } from './request';
import type { ScenarioBody } from './coverage';

export type SavedScenario = wire.SavedScenario;
export type EvaluatedScenario = wire.EvaluatedScenario;

export function listScenarios(): Promise<SavedScenario[]> {
  return request(`${base}/scenarios`, fresh);
}

/** The saved scenario, evaluated against today's model. */
export function getScenario(id: number): Promise<EvaluatedScenario> {
  return request(`${base}/scenarios/${id}`, fresh);
}

export function saveScenario(name: string, scenario: ScenarioBody): Promise<EvaluatedScenario> {
  return request(`${base}/scenarios`, { method: 'POST', json: { name, scenario }, staff: true });
}

export function deleteScenario(id: number): Promise<void> {
  return request(`${base}/scenarios/${id}`, { method: 'DELETE', staff: true });
}

/** A download link: the session cookie goes with it, so a plain <a download> works. */
export function scenarioGeoJsonUrl(id: number): string {
  return `${base}/scenarios/${id}/geojson`;
}

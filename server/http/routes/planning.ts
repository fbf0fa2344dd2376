// Planners' tools beyond the map: registry import with preview, saved what-if scenarios, and
// coverage evidence over time for the charts.
import { fileNameOf } from '../../domain/file-name'; // exports named after the scenario
import { Router } from 'express';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { NotFound } from '../../domain/errors';
import { commitImport, previewImport } from '../../services/registry-import';
import { REPORT_KINDS } from '../../domain/types';
import type { WhatIfInput } from '../../domain/schemas';
import type { HttpDeps } from '../deps';
import type { SavedScenario } from '../../store/scenarios';

export function planningRoutes({ store, schemas, coverage, now }: HttpDeps): Router {
  const router = Router();
  const staff = requireRole('planner', 'admin');

  router.post('/access-points/import', staff, (req, res) => {
    const { format, content, commit } = parse(schemas.registryImport, req.body);
    const { rows, problems } = previewImport(schemas, format, content);
    if (problems.length) return void res.status(400).type('application/problem+json').json({ type: 'about:blank', title: 'Cannot read the file', status: 400, detail: problems[0].message, errors: problems });
    const summary = { rows: rows.length, valid: rows.filter((r) => r.ok).length, invalid: rows.filter((r) => !r.ok).length };
    if (!commit) return void res.json({ ...summary, committed: false, preview: rows });
    const ids = commitImport(store, coverage, rows, req.caller!.user.id, now());
    res.status(201).json({ ...summary, committed: true, ids });
  });

  const evaluate = (body: WhatIfInput) => coverage.whatIf(body).result;
  // Bodies saved before `environment` existed carry `indoor`; reading them through the schema gives them one.
  const current = (s: SavedScenario): SavedScenario => ({ ...s, body: parse(schemas.whatIf, s.body) });
  const mustGet = (id: number) => current(store.scenarios.get(id) ?? (() => { throw new NotFound('scenario', id); })());

  router.get('/scenarios', staff, (_req, res) => void res.json(store.scenarios.list().map(current)));
  router.post('/scenarios', staff, (req, res) => {
    const { name, scenario } = parse(schemas.scenarioSave, req.body);
    const body = parse(schemas.whatIf, scenario);
    const id = store.scenarios.insert(name, body, req.caller!.user.id, now().toISOString());
    store.audit.record(now().toISOString(), req.caller!.user.id, 'scenario.create', 'scenario', id, { name });
    res.status(201).location(`/api/v1/scenarios/${id}`).json({ ...mustGet(id), result: evaluate(body) });
  });
  // A saved scenario is evaluated against today's model, so comparisons stay current as the registry changes.
  router.get('/scenarios/:id', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const scenario = mustGet(id);
    res.json({ ...scenario, result: evaluate(scenario.body) });
  });
  router.get('/scenarios/:id/geojson', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const { name, body } = mustGet(id);
    const point = (lon: number, lat: number, properties: Record<string, unknown>) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [lon, lat] }, properties });
    const features = [
      ...body.add.map((a, i) => point(a.lon, a.lat, { change: 'add', id: `new-${i + 1}`, eirpDbm: a.eirpDbm, band: a.band, environment: a.environment, indoor: a.environment === 'indoor' })),
      ...body.move.map((m) => point(m.lon, m.lat, { change: 'move', accessPointId: m.id })),
      ...[...body.remove, ...body.activate].flatMap((apId) => {
        const ap = store.accessPoints.get(apId);
        return ap ? [point(ap.position[0], ap.position[1], { change: body.remove.includes(apId) ? 'remove' : 'activate', accessPointId: apId, name: ap.name })] : [];
      }),
    ];
    res.type('application/geo+json').attachment(fileNameOf(name, id, 'geojson')).json({ type: 'FeatureCollection', name, features });
  });
  router.delete('/scenarios/:id', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    if (!store.scenarios.remove(id)) throw new NotFound('scenario', id);
    store.audit.record(now().toISOString(), req.caller!.user.id, 'scenario.delete', 'scenario', id, undefined);
    res.status(204).end();
  });

  router.get('/coverage/history', (req, res) => {
    const { months } = parse(schemas.historyQuery, req.query);
    const start = new Date(now());
    start.setUTCMonth(start.getUTCMonth() - months + 1, 1);
    const since = start.toISOString().slice(0, 7);
    const observations = new Map(store.evidence.monthlyObservations(since, coverage.usableDbm).map((m) => [m.month, m]));
    const reports = store.evidence.monthlyReports(since);
    const series = [];
    for (let d = new Date(start); d <= now(); d.setUTCMonth(d.getUTCMonth() + 1)) {
      const month = d.toISOString().slice(0, 7);
      const o = observations.get(month);
      const byKind = Object.fromEntries(REPORT_KINDS.map((k) => [k, reports.find((r) => r.month === month && r.kind === k)?.n ?? 0]));
      series.push({ month, measurements: o?.samples ?? 0, usableShare: o?.samples ? Math.round((o.usable / o.samples) * 1e4) / 1e4 : null, reports: byKind });
    }
    res.json({ usableDbm: coverage.usableDbm, months: series });
  });
  return router;
}

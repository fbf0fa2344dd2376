// Residents' reports: anyone files one or says "me too"; the public sees rounded positions and only
// published notes; staff see exact positions and move reports through their lifecycle.
import { Router, type Request } from 'express';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { collection, publicReportFeature, staffReportFeature } from '../geojson';
import { NotFound } from '../../domain/errors';
import { changeReport, confirmReport, createReport, findReports, reopenReport } from '../../services/reports';
import type { Report } from '../../domain/types';
import type { HttpDeps } from '../deps';
import { afterStored } from '../../services/model-sync';

const isStaff = (req: Request) => req.caller?.user.role === 'planner' || req.caller?.user.role === 'admin';

export function reportRoutes({ store, schemas, now, device, anonymousWrites, coverage, reads }: HttpDeps): Router {
  const router = Router();
  const view = (req: Request, r: Report) => (isStaff(req) ? staffReportFeature(r) : publicReportFeature(r));
  const visible = (req: Request, id: number) => {
    const report = store.reports.get(id);
    if (!report || (report.status === 'hidden' && !isStaff(req))) throw new NotFound('report', id);
    return report;
  };

  router.post('/reports', anonymousWrites, (req, res) => {
    const by = device(req); // before the body: a bad token is refused whatever else is wrong
    const input = parse(schemas.reportCreate, req.body);
    const { report, created } = createReport(store, by, input, now());
    if (created) afterStored(`Report ${report.id}`, `/api/v1/reports/${report.id}`, () => coverage.reportAdded(report));
    const feature = publicReportFeature(report);
    res.status(created ? 201 : 200).location(`/api/v1/reports/${report.id}`).type('application/geo+json');
    // The reporter sees their own note back; others see it only after staff publish it.
    res.json({ ...feature, properties: { ...feature.properties, note: report.note } });
  });
  router.get('/reports', reads.budget, (req, res) => {
    const q = parse(schemas.reportQuery, req.query);
    const reports = findReports(store, q, { view: isStaff(req) ? 'exact' : 'public', wardOf: coverage.wardOf, now: now() });
    const shown = isStaff(req) ? reports : reports.filter((r) => r.status !== 'hidden');
    reads.charge(req, shown.length);
    res.type('application/geo+json').json(collection(shown.map((r) => view(req, r))));
  });
  router.get('/reports/:id', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    res.type('application/geo+json').json(view(req, visible(req, id)));
  });
  router.get('/reports/:id/history', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    visible(req, id);
    res.json(store.reports.history(id));
  });
  router.patch('/reports/:id', requireRole('planner', 'admin'), (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const change = parse(schemas.reportChange, req.body);
    const before = visible(req, id).status;
    const report = changeReport(store, id, change, req.caller!.user.id, now());
    // Hiding or merging takes a report out of the evidence (restoring puts it back): re-read it all.
    if ([before, report.status].some((s) => s === 'hidden' || s === 'duplicate') && before !== report.status)
      afterStored(`The change to report ${id}`, `/api/v1/reports/${id}`, () => coverage.evidenceChanged());
    res.type('application/geo+json').json(staffReportFeature(report));
  });
  router.post('/reports/:id/confirmations', anonymousWrites, (req, res) => {
    const by = device(req);
    const { id } = parse(schemas.idParam, req.params);
    const { clientId } = parse(schemas.confirmation, req.body ?? {}); // a legacy deviceId is accepted and ignored: an unknown device
    const { report, added, counted, reason } = confirmReport(store, by, id, clientId, now());
    if (added && counted) afterStored(`A confirmation of report ${id}`, `/api/v1/reports/${id}`, () => coverage.reportAdded(report, by, now().getTime()));
    // 201 when a new "me too" was recorded, 200 when not (a retry, the reporter's own device, the same device again);
    // `confirmation` (a GeoJSON foreign member) says whether it counts as an independent voice, and why not.
    res.status(added ? 201 : 200).type('application/geo+json').json({ ...publicReportFeature(report), confirmation: { counted, reason } });
  });
  router.post('/reports/:id/reopen', anonymousWrites, (req, res) => {
    device(req); // verified like every anonymous write; reopening needs no device
    const { id } = parse(schemas.idParam, req.params);
    parse(schemas.reopen, req.body ?? {});
    res.type('application/geo+json').json(publicReportFeature(reopenReport(store, id, now())));
  });
  return router;
}

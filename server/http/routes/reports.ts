// Residents' reports: anyone files one; the public sees rounded positions, staff see exact ones.
import { Router } from 'express';
import { parse } from '../validate';
import { collection, publicReportFeature, staffReportFeature } from '../geojson';
import { NotFound } from '../../domain/errors';
import { createReport } from '../../services/reports';
import type { HttpDeps } from '../deps';
import type { Request } from 'express';

const isStaff = (req: Request) => req.caller?.user.role === 'planner' || req.caller?.user.role === 'admin';

export function reportRoutes({ store, schemas, now }: HttpDeps): Router {
  const router = Router();

  router.post('/reports', (req, res) => {
    const input = parse(schemas.reportCreate, req.body);
    const { report, created } = createReport(store, input, now());
    res.status(created ? 201 : 200).location(`/api/v1/reports/${report.id}`).type('application/geo+json');
    // The reporter sees their own note back; it is not published to others until staff review it.
    res.json({ ...publicReportFeature(report), properties: { ...publicReportFeature(report).properties, note: report.note } });
  });
  router.get('/reports', (req, res) => {
    const q = parse(schemas.reportQuery, req.query);
    const reports = store.reports.list(q);
    // Hidden reports (abuse) are for staff only.
    const visible = isStaff(req) ? reports.map(staffReportFeature) : reports.filter((r) => r.status !== 'hidden').map(publicReportFeature);
    res.type('application/geo+json').json(collection(visible));
  });
  router.get('/reports/:id', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const report = store.reports.get(id);
    if (!report || (report.status === 'hidden' && !isStaff(req))) throw new NotFound('report', id);
    res.type('application/geo+json').json(isStaff(req) ? staffReportFeature(report) : publicReportFeature(report));
  });
  return router;
}

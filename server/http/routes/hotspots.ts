// What readings suggest about hotspots, for planners to decide: discovered hotspots (accept into the
// registry, or reject), and "it still works" for an AP the readings flagged as probably down.
import { Router } from 'express';
import { z } from 'zod';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { accessPointFeature } from '../geojson';
import { acceptDiscovery, confirmWorking, listDiscoveries, rejectDiscovery } from '../../services/hotspots';
import type { HttpDeps } from '../deps';

const bssidParam = z.strictObject({ bssid: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'must be a BSSID such as 00:11:22:aa:bb:cc') });
const acceptBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });

export function hotspotRoutes({ store, schemas, coverage, now }: HttpDeps): Router {
  const router = Router();
  const staff = requireRole('planner', 'admin');
  const feature = (ap: Parameters<typeof accessPointFeature>[0]) => accessPointFeature(ap, coverage.reachM(ap), coverage.assessment(ap));

  router.get('/discoveries', staff, (_req, res) => {
    res.json(listDiscoveries(coverage));
  });
  router.post('/discoveries/:bssid/accept', staff, (req, res) => {
    const { bssid } = parse(bssidParam, req.params);
    const { name } = parse(acceptBody, req.body ?? {});
    const ap = acceptDiscovery(store, schemas, coverage, bssid, name, req.caller!.user.id, now());
    res.status(201).location(`/api/v1/access-points/${ap.id}`).type('application/geo+json').json(feature(ap));
  });
  router.post('/discoveries/:bssid/reject', staff, (req, res) => {
    const { bssid } = parse(bssidParam, req.params);
    res.json(rejectDiscovery(store, coverage, bssid, req.caller!.user.id, now()));
  });
  router.post('/access-points/:id/works', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const ap = confirmWorking(store, coverage, id, req.caller!.user.id, now());
    res.type('application/geo+json').json(feature(ap));
  });
  return router;
}

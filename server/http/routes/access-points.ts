// The access-point registry: anyone reads it; planners and admins change it.
import { Router } from 'express';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { accessPointFeature, collection } from '../geojson';
import { NotFound } from '../../domain/errors';
import { createAccessPoint, retireAccessPoint, updateAccessPoint } from '../../services/access-points';
import type { HttpDeps } from '../deps';
import type { AccessPoint } from '../../domain/types';

const BODY_CACHE_ENTRIES = 16; // the whole registry, each status filter, a few map views

export function accessPointRoutes({ store, schemas, coverage, now }: HttpDeps): Router {
  const router = Router();
  const feature = (ap: AccessPoint) => accessPointFeature(ap, coverage.reachM(ap), coverage.assessment(ap));
  const staff = requireRole('planner', 'admin');

  // The body depends on the registry and the model only (reach, "probably down"): built once per version of
  // both and query, not per request (it was a quarter of a map-read benchmark's server time). A few entries.
  const bodies = new Map<string, string>();
  router.get('/access-points', (req, res) => {
    coverage.refresh();
    const q = parse(schemas.accessPointQuery, req.query);
    const key = `${coverage.version}|${store.accessPoints.version}|${q.bbox?.join() ?? ''}|${q.status?.join() ?? ''}`;
    let body = bodies.get(key);
    if (body === undefined) {
      body = JSON.stringify(collection(store.accessPoints.list(q.bbox, q.status).map(feature)));
      if (bodies.size >= BODY_CACHE_ENTRIES) bodies.delete(bodies.keys().next().value!);
      bodies.set(key, body);
    }
    res.type('application/geo+json').send(body);
  });
  router.get('/access-points/:id', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const ap = store.accessPoints.get(id);
    if (!ap) throw new NotFound('access point', id);
    res.type('application/geo+json').json(feature(ap));
  });
  router.post('/access-points', staff, (req, res) => {
    const input = parse(schemas.accessPointCreate, req.body);
    const ap = createAccessPoint(store, coverage, input, req.caller!.user.id, now());
    res.status(201).location(`/api/v1/access-points/${ap.id}`).type('application/geo+json').json(feature(ap));
  });
  router.patch('/access-points/:id', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const patch = parse(schemas.accessPointPatch, req.body);
    const ap = updateAccessPoint(store, coverage, id, patch, req.caller!.user.id, now());
    res.type('application/geo+json').json(feature(ap));
  });
  router.delete('/access-points/:id', staff, (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const ap = retireAccessPoint(store, coverage, id, req.caller!.user.id, now());
    res.type('application/geo+json').json(feature(ap));
  });
  return router;
}

// Reference layers and the client's configuration.
import { Router } from 'express';
import { parse } from '../validate';
import { areaFeature, collection, placeFeature } from '../geojson';
import { NotFound } from '../../domain/errors';
import { REPORT_KINDS, REPORT_KIND_LABELS } from '../../domain/types';
import type { HttpDeps } from '../deps';

export function referenceRoutes({ store, schemas, serviceArea, basemap }: HttpDeps): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json({
      basemap,
      serviceArea: { bbox: serviceArea.bbox, marginM: serviceArea.marginM },
      reportKinds: REPORT_KINDS.map((id) => ({ id, label: REPORT_KIND_LABELS[id] })),
    });
  });
  router.get('/areas', (_req, res) => {
    res.type('application/geo+json').json(collection(store.reference.areas().map(areaFeature)));
  });
  router.get('/areas/:id', (req, res) => {
    const area = store.reference.area(req.params.id);
    if (!area) throw new NotFound('area', req.params.id);
    res.type('application/geo+json').json(areaFeature(area));
  });
  router.get('/places', (req, res) => {
    const q = parse(schemas.placeQuery, req.query);
    res.type('application/geo+json').json(collection(store.reference.places(q.bbox, q.kind).map(placeFeature)));
  });
  return router;
}

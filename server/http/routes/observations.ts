// Observations: one per request from the app, or batches of up to 1,000 from survey tools.
import { Router } from 'express';
import { parse } from '../validate';
import { addObservations } from '../../services/observations';
import type { HttpDeps } from '../deps';
import type { Observation } from '../../domain/types';

const view = ({ observation, created }: { observation: Observation; created: boolean }) => ({ ...observation, created });

export function observationRoutes({ store, schemas, now, device, anonymousWrites, coverage }: HttpDeps): Router {
  const router = Router();
  router.post('/observations', anonymousWrites, (req, res) => {
    const by = device(req); // a legacy body deviceId is accepted and ignored: an unknown device
    const input = parse(schemas.observationCreate, req.body);
    const [result] = addObservations(store, by, [input], now(), '', coverage.match);
    if (result.created) coverage.observationsAdded([{ observation: result.observation, ...by }]);
    res.status(result.created ? 201 : 200).location(`/api/v1/observations/${result.observation.id}`).json(view(result));
  });
  router.post('/observations/batch', anonymousWrites, (req, res) => {
    const by = device(req);
    const { observations } = parse(schemas.observationBatch, req.body);
    const results = addObservations(store, by, observations, now(), 'observations.', coverage.match);
    coverage.observationsAdded(results.flatMap((r) => (r.created ? [{ observation: r.observation, ...by }] : [])));
    const created = results.filter((r) => r.created).length;
    res.status(201).json({ received: results.length, created, duplicates: results.length - created, ids: results.map((r) => r.observation.id) });
  });
  return router;
}

// Observations: one per request from the app, or batches of up to 1,000 from survey tools. Each is
// acknowledged once stored; the coverage model takes it in within a second, off the request path.
import { Router } from 'express';
import { parse } from '../validate';
import { HttpProblem } from '../problem';
import { addObservations } from '../../services/observations';
import type { HttpDeps } from '../deps';
import type { DeviceIdentity } from '../../services/device-credentials';
import { ANONYMOUS_READINGS_NOTICE } from '../../domain/wire';

const RETRY_AFTER_S = 1; // s: the model's queue drains within about a second

export function observationRoutes({ store, schemas, now, device, anonymousWrites, anonymousReadings, coverage }: HttpDeps): Router {
  const router = Router();
  /** Room in the queue to the coverage model, or 503: nothing is stored, and the client sends it again later. */
  const admit = (n: number) => {
    const ticket = coverage.admit(n);
    if (!ticket)
      throw new HttpProblem(
        { title: 'Service unavailable', status: 503, detail: `The server is taking in other readings; nothing was stored. Send these again in ${RETRY_AFTER_S} s.` },
        { 'Retry-After': String(RETRY_AFTER_S) },
      );
    return ticket;
  };
  /** Stores, then hands the new readings to the model's queue; a failed write takes nothing into the queue. */
  const storeThen = async (ticket: ReturnType<typeof admit>, run: () => ReturnType<typeof addObservations>) => {
    try {
      const added = await run();
      ticket.stored(added);
      return added;
    } catch (err) {
      ticket.cancel();
      throw err;
    }
  };

  router.post('/observations', anonymousWrites, async (req, res) => {
    const by = device(req); // a legacy body deviceId is accepted and ignored: an unknown device
    const input = parse(schemas.observationCreate, req.body);
    anonymousReadings(req, 1);
    const ticket = admit(1);
    const [result] = await storeThen(ticket, () => addObservations(store, by, [input], now(), '', coverage.match));
    const observation = store.observations.get(result.id)!;
    res.status(result.created ? 201 : 200).location(`/api/v1/observations/${result.id}`).json({ ...observation, created: result.created, ...anonymous(by) });
  });
  router.post('/observations/batch', anonymousWrites, async (req, res) => {
    const by = device(req);
    const { observations } = parse(schemas.observationBatch, req.body);
    anonymousReadings(req, observations.length); // a whole batch or none of it
    const ticket = admit(observations.length);
    const results = await storeThen(ticket, () => addObservations(store, by, observations, now(), 'observations.', coverage.match));
    const created = results.filter((r) => r.created).length;
    res.status(201).json({ received: results.length, created, duplicates: results.length - created, ids: results.map((r) => r.id), ...anonymous(by) });
  });
  return router;
}

const anonymous = (by: DeviceIdentity) => (by.deviceKey === null ? { notice: ANONYMOUS_READINGS_NOTICE } : {});

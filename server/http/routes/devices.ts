// Device credentials: an app asks once per install and sends the token with each anonymous write.
import { Router } from 'express';
import { z } from 'zod';
import { parse } from '../validate';
import type { HttpDeps } from '../deps';

const mintBody = z.strictObject({}); // nothing personal is asked for, or accepted

export function deviceRoutes({ credentials, clientKey, deviceMints, now }: HttpDeps): Router {
  const router = Router();
  router.post('/devices', deviceMints, (req, res) => {
    parse(mintBody, req.body ?? {});
    const issued = credentials.issue(clientKey(req), now().getTime());
    res.status(201).set('Cache-Control', 'no-store').json(issued);
  });
  return router;
}

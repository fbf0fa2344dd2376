// The connection test: latency, download and upload against this server, bounded in size so a test
// costs a resident little data and the server little bandwidth.
import express, { Router } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parse } from '../validate';
import type { HttpDeps } from '../deps';

export const SPEED_MAX_BYTES = 5 * 1024 * 1024; // bytes: 5 MB measures up to ~40 Mbit/s in a second; a test costs ≤ 10 MB of data
const DEFAULT_BYTES = 1024 * 1024; // bytes: 1 MB default, enough on a weak connection
// Incompressible bytes, made once: a proxy cannot shrink them and flatter the result.
const PAYLOAD = randomBytes(SPEED_MAX_BYTES);

const downloadQuery = z.strictObject({
  bytes: z.coerce.number().int().min(1).max(SPEED_MAX_BYTES, `at most ${SPEED_MAX_BYTES} bytes`).default(DEFAULT_BYTES),
  t: z.string().max(40).optional(), // cache-buster the client may add
});

export function speedRoutes({ anonymousWrites }: HttpDeps): Router {
  const router = Router();
  const noStore = { 'Cache-Control': 'no-store, no-transform' }; // no-transform: nobody may compress what measures the line
  router.get('/speed/ping', (_req, res) => void res.set(noStore).status(204).end());
  router.get('/speed/download', anonymousWrites, (req, res) => {
    const { bytes } = parse(downloadQuery, req.query);
    res.set({ ...noStore, 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes) }).end(PAYLOAD.subarray(0, bytes));
  });
  router.post(
    '/speed/upload',
    anonymousWrites,
    express.raw({ type: () => true, limit: SPEED_MAX_BYTES }),
    (req, res) => void res.set(noStore).json({ bytes: Buffer.isBuffer(req.body) ? req.body.length : 0 }),
  );
  return router;
}

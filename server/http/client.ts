// Serves the built web client; every other GET path falls back to index.html (one-page app).
import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendProblem } from './problem';

export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const index = join(clientDir, 'index.html');
  router.use(express.static(clientDir, { index: false, maxAge: '1h', immutable: false }));
  router.get('/{*splat}', (req, res) => {
    if (!existsSync(index))
      return sendProblem(res, { title: 'Client not built', status: 503, detail: 'Run `npm run build` (npm start does it for you).' });
    res.set('Cache-Control', 'no-cache').sendFile(index, { dotfiles: 'allow' }); // our own path, which may pass through a dot directory
  });
  return router;
}

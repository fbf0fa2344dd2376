// WiGLE CSV uploads from the planner workspace and from volunteers' API tokens. The body is raw CSV
// or gzip, read as it arrives (never parsed as JSON), so this router sits before the JSON parser.
import { Router } from 'express';
import { requireRole } from '../auth';
import { HttpProblem } from '../problem';
import { importWigle } from '../../services/wigle-import';
import { capped, gunzipIfNeeded, TooLarge } from '../../services/byte-streams';
import { CSV_MAX_BYTES, UPLOAD_MAX_BYTES } from '../../domain/wigle/limits';
import { CsvLimitError } from '../../domain/wigle/parser';
import type { HttpDeps } from '../deps';

const CSV_TYPES = ['text/csv', 'text/plain', 'application/gzip', 'application/x-gzip', 'application/octet-stream'];

export function importRoutes({ store, serviceArea, now, coverage, deviceKey }: HttpDeps): Router {
  const router = Router();
  router.post('/imports/wigle', requireRole('planner', 'admin', 'volunteer'), async (req, res) => {
    if (!req.is(CSV_TYPES))
      throw new HttpProblem({ title: 'Unsupported media type', status: 415, detail: 'Send the WiGLE file as the raw body: text/csv, or application/gzip for .csv.gz.' });
    const tooLarge = (limit: number, what: string) =>
      new HttpProblem({ title: 'Body too large', status: 413, detail: `The ${what} exceeds ${limit} bytes; split the file and upload the parts.` });
    if (Number(req.headers['content-length'] ?? 0) > UPLOAD_MAX_BYTES) throw tooLarge(UPLOAD_MAX_BYTES, 'upload');
    const user = req.caller!.user;
    let modelTold = false;
    try {
      const bytes = capped(gunzipIfNeeded(capped(req, UPLOAD_MAX_BYTES, 'upload')), CSV_MAX_BYTES, 'uncompressed CSV');
      const summary = await importWigle(store, bytes, {
        serviceArea, now: now(), via: 'upload', uploadedBy: user.id,
        deviceKey: () => deviceKey(`wigle-uploader:${user.id}`), // one volunteer's phone counts as one device
        onStored: (observations) => {
          modelTold = true;
          const uploader = deviceKey(`wigle-uploader:${user.id}`); // one HMAC per batch, not per row
          coverage.observationsAdded(observations.map((observation) => ({ observation, deviceKey: uploader })));
        },
      });
      res.status(201).json(summary);
    } catch (err) {
      if (modelTold) coverage.evidenceChanged(); // the import was taken back: the live model forgets its rows too
      if (err instanceof CsvLimitError) {
        // One endless line is a body too large to hold; too many columns or an overlong SSID is a malformed file.
        if (err.limit === 'record') throw new HttpProblem({ title: 'Body too large', status: 413, detail: `${err.message}; a WiGLE row is about 200.` });
        throw new HttpProblem({ title: 'Invalid input', status: 400, detail: err.message, errors: [{ path: 'body', message: err.message }] });
      }
      if (err instanceof TooLarge) throw tooLarge(err.limitBytes, err.message.startsWith('upload') ? 'upload' : 'uncompressed CSV');
      if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR')
        throw new HttpProblem({ title: 'Invalid input', status: 400, detail: 'The gzip data is corrupt or cut short.', errors: [{ path: 'body', message: 'corrupt gzip' }] });
      throw err;
    }
  });
  return router;
}

// GeoJSON and CSV downloads of every layer, filtered by bbox, time and ward, streamed as they are read.
import { Router, type Request, type RequestHandler } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { LAYERS, layerById, type Layer } from '../layers';
import { csvText, geojsonText } from '../export-formats';
import { InvalidInput, NotFound } from '../../domain/errors';
import { exportQuery } from '../../domain/layer-query';
import type { LayerFilter } from '../../store/layers';
import type { HttpDeps } from '../deps';
import type { AccessPoint } from '../../domain/types';

const FORMATS = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8; header=present',
} as const;

/** `access-points.geojson` → the layer and the format, or a 404 that lists what there is. */
function target(file: string): { layer: Layer<unknown>; format: keyof typeof FORMATS } {
  const match = /^([a-z0-9-]+)\.(geojson|csv)$/.exec(file);
  const layer = match ? layerById(match[1]) : undefined;
  if (!match || !layer) throw new NotFound('export', `${file} (exports are ${LAYERS.map((l) => `${l.id}.geojson`).join(', ')}, or .csv)`);
  return { layer, format: match[2] as keyof typeof FORMATS };
}

function* map<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

/**
 * Chunks of a download, watched: when the client has taken nothing for `stallMs` (the socket stays
 * full, so no chunk is pulled), `onStall` runs. A stalled download holds no database transaction
 * (chunks are short reads), but it does hold a socket, memory and one of the expensive-read slots.
 */
function watched(chunks: Iterable<string>, stallMs: number, onStall: () => void): { chunks: AsyncIterable<string>; stop(): void } {
  let pulledAt = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - pulledAt >= stallMs) onStall();
  }, Math.min(1_000, stallMs / 4)); // ms: checks often enough to close within a quarter of the timeout
  timer.unref();
  return {
    chunks: (async function* () {
      for (const chunk of chunks) {
        yield chunk;
        pulledAt = Date.now();
        // A fast client drains the socket at once, so backpressure alone never pauses the download:
        // without this turn a 60 MB export ran start to end in one synchronous stretch (~2 s).
        await nextTurn();
      }
    })(),
    stop: () => clearInterval(timer),
  };
}

export function exportRoutes(deps: HttpDeps): Router {
  const { store, reachM, now, anonymousDownloads, reads, exportStallMs } = deps;
  const probablyDown = (ap: AccessPoint) => deps.coverage.assessment(ap)?.probablyDown ?? false;
  const router = Router();
  const data = new Map(LAYERS.map((l) => [l.id, l.data(deps)]));
  const staff = requireRole('planner', 'admin');
  const staffLayersOnly: RequestHandler = (req, res, next) => (target(req.params.file as string).layer.access === 'staff' ? staff(req, res, next) : next());

  router.get('/exports', (req: Request, res) => {
    res.json({
      exports: LAYERS.map((l) => ({
        id: l.id, title: l.title, description: l.description, access: l.access,
        geojson: `${req.baseUrl}/exports/${l.id}.geojson`, csv: `${req.baseUrl}/exports/${l.id}.csv`,
      })),
      filters: { bbox: 'minLon,minLat,maxLon,maxLat', since: 'ISO time or date', until: 'ISO time or date', ward: 'ward-1 … ward-10' },
    });
  });

  router.get('/exports/:file', staffLayersOnly, anonymousDownloads, reads.budget, reads.download, async (req, res) => {
    const { layer, format } = target(req.params.file as string);
    const q = parse(exportQuery, req.query);
    const area = q.ward ? store.reference.area(q.ward) : undefined;
    if (q.ward && area?.kind !== 'ward') throw new InvalidInput([{ path: 'ward', message: `no ward "${q.ward}": wards are ward-1 … ward-10` }]);
    const filter: LayerFilter = { bbox: q.bbox, since: q.since, until: q.until, area };

    // A bounded snapshot read in short chunks (SQL layers), so writes and checkpoints go on while a slow client downloads.
    const snapshot = await data.get(layer.id)!.snapshot(filter);
    const count = snapshot.count;
    reads.charge(req, count + data.get(layer.id)!.scanned(filter)); // the cost is known before the download: what it will stream and read
    const features = map(snapshot.records, (record) => layer.feature(record, { reachM, probablyDown }));
    const text = watched(format === 'csv' ? csvText(layer.properties, layer.geometryType, features) : geojsonText(layer.id, features), exportStallMs, () =>
      res.destroy(new Error(`export stalled: the client read nothing for ${exportStallMs} ms`)));
    try {
      const filename = `wifi-reach-${layer.id}-${now().toISOString().slice(0, 10)}.${format}`;
      res
        .status(200)
        .type(FORMATS[format])
        .set({
          'Content-Disposition': `attachment; filename="${filename}"`,
          'Cache-Control': 'no-store',
          'X-Feature-Count': String(count), // lets a download show progress: the body streams without a length
        });
      // Readable.from pulls the next chunk only when the socket has room: backpressure end to end.
      await pipeline(Readable.from(text.chunks, { highWaterMark: 1 }), res); // one 64 KiB chunk built per turn, not 16
    } catch (err) {
      if (!res.destroyed && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err; // else the client went away or stalled: nothing to answer
    } finally {
      text.stop();
    }
  });
  return router;
}

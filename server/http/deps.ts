// What the HTTP layer needs from the rest of the server, passed in by app.ts.
import type { Auth } from '../services/auth';
import type { Schemas } from '../domain/schemas';
import type { ServiceArea } from '../domain/service-area';
import type { Basemap } from '../config';
import type { Store } from '../store';
import type { AccessPoint } from '../domain/types';
import type { DeviceKeyer } from '../services/device-keys';
import type { RequestHandler } from 'express';
import type { Coverage } from '../services/coverage';
import type { ReadGuard } from './read-guard';

export interface HttpDeps {
  store: Store;
  auth: Auth;
  schemas: Schemas;
  serviceArea: ServiceArea;
  basemap: Basemap | null;
  now: () => Date;
  deviceKey: DeviceKeyer; // hashes a device's random id before anything stores it
  anonymousWrites: RequestHandler; // the rate limit on anonymous reports and observations
  anonymousDownloads: RequestHandler; // the rate limit on anonymous layer exports (whole layers, streamed)
  reads: ReadGuard; // the budget and concurrency cap on anonymous reads
  exportStallMs: number; // ms: a download whose client has read nothing for this long is closed
  coverage: Coverage; // the live coverage model
  reachM: (ap: AccessPoint) => number; // m: how far the AP's free Wi-Fi is usable, drawn on the map
}

// What the HTTP layer needs from the rest of the server, passed in by app.ts.
import type { Auth } from '../services/auth';
import type { Schemas } from '../domain/schemas';
import type { ServiceArea } from '../domain/service-area';
import type { Basemap } from '../config';
import type { Store } from '../store';
import type { AccessPoint } from '../domain/types';
import type { DeviceKeyer } from '../services/device-keys';
import type { DeviceCredentials, DeviceIdentity } from '../services/device-credentials';
import type { Request, RequestHandler } from 'express';
import type { Coverage } from '../services/coverage';
import type { Search } from '../services/search';
import type { ReadGuard } from './read-guard';
import type { ClientKey } from './client-key';

export interface HttpDeps {
  store: Store;
  auth: Auth;
  schemas: Schemas;
  serviceArea: ServiceArea;
  basemap: Basemap | null;
  publicBaseUrl: string | null; // PUBLIC_BASE_URL: absolute links start with it; null derives them from the request
  now: () => Date;
  deviceKey: DeviceKeyer; // hashes a device's random id before anything stores it
  clientKey: ClientKey; // an opaque per-client key (daily HMAC of the address) for per-client limits and device cohorts
  credentials: DeviceCredentials; // issues and verifies device tokens (POST /devices, X-Device-Token)
  device: (req: Request) => DeviceIdentity; // the verified device of an anonymous write; throws 401 on a bad token
  deviceMints: RequestHandler; // the rate limit on new device credentials
  anonymousWrites: RequestHandler; // the rate limit on anonymous reports and observations
  anonymousReadings: (req: Request, readings: number) => void; // the limit on the readings they carry; throws 429
  anonymousDownloads: RequestHandler; // the rate limit on anonymous layer exports (whole layers, streamed)
  reads: ReadGuard; // the budget and concurrency cap on anonymous reads
  exportStallMs: number; // ms: a download whose client has read nothing for this long is closed
  coverage: Coverage; // the live coverage model
  reachM: (ap: AccessPoint) => number; // m: how far the AP's free Wi-Fi is usable, drawn on the map
  basemapDir: string; // the embedded basemap's files (DATA_DIR/basemap)
  search: Search; // addresses, streets, places, stops and wards
}

// What the HTTP layer needs from the rest of the server, passed in by app.ts.
import type { Auth } from '../services/auth';
import type { Schemas } from '../domain/schemas';
import type { ServiceArea } from '../domain/service-area';
import type { AccessPoint } from '../domain/types';
import type { Basemap } from '../config';
import type { Store } from '../store';
import type { DeviceKeyer } from '../services/device-keys';
import type { RequestHandler } from 'express';

export interface HttpDeps {
  store: Store;
  auth: Auth;
  schemas: Schemas;
  serviceArea: ServiceArea;
  reachM: (ap: AccessPoint) => number; // m: how far the AP's free Wi-Fi is usable, drawn on the map
  basemap: Basemap | null;
  now: () => Date;
  deviceKey: DeviceKeyer; // hashes a device's random id before anything stores it
  anonymousWrites: RequestHandler; // the rate limit on anonymous reports and observations
}

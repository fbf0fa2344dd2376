// Which device made an anonymous write: the X-Device-Token header, verified by the server. No header
// (or only the legacy body field deviceId) is an unknown device; a token that fails is refused, so an
// app with a stale or damaged token learns to fetch a new one instead of silently counting for nothing.
import type { Request } from 'express';
import { HttpProblem } from './problem';
import { UNKNOWN_DEVICE, type DeviceCredentials, type DeviceIdentity } from '../services/device-credentials';

export const DEVICE_TOKEN_HEADER = 'X-Device-Token';
const TOKEN_MAX_CHARS = 200; // characters: a token is ~110; anything longer is not one of ours

export function deviceIdentifier(credentials: DeviceCredentials): (req: Request) => DeviceIdentity {
  return (req) => {
    const token = req.get(DEVICE_TOKEN_HEADER);
    if (token === undefined) return UNKNOWN_DEVICE;
    const identity = token.length <= TOKEN_MAX_CHARS ? credentials.verify(token.trim()) : null;
    if (!identity)
      throw new HttpProblem(
        { title: 'Unauthorized', status: 401, detail: 'device token not recognised: request a new one with POST /api/v1/devices' },
        { 'WWW-Authenticate': 'DeviceToken' },
      );
    return identity;
  };
}

// A device's random id, stored only as an HMAC under a server secret: reports from one device can be
// counted as one voice, yet the stored key cannot be matched to the id a phone sends elsewhere.
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../store';

export type DeviceKeyer = (deviceId: string | undefined) => string | null;

export function deviceKeyer(store: Store): DeviceKeyer {
  const secret = store.settings.getOrCreate('device_key_secret', () => randomBytes(32).toString('base64url'));
  return (deviceId) => (deviceId ? createHmac('sha256', secret).update(deviceId).digest('base64url').slice(0, 22) : null);
}

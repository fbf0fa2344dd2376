// The connection test: latency, download and upload against this server, stored as an observation.
import type { z } from 'zod';
import type * as wire from '../../server/domain/wire';
import type { Schemas } from '../../server/domain/schemas';
import { base, deviceWrite, send } from './request';

/** What the browser measured; connectionType is what it says (navigator.connection), e.g. "wifi, 4g". */
export type ConnectionTestFigures = wire.StoredObservation['test'] & {};
/** An observation as the server's edge schema accepts it. */
export type NewObservation = z.input<Schemas['observationCreate']>;

export function createObservation(observation: NewObservation, signal?: AbortSignal): Promise<wire.StoredObservation> {
  return deviceWrite(`${base}/observations`, observation, signal);
}

/** One round trip with no body, for latency. */
export async function ping(signal?: AbortSignal): Promise<void> {
  await send(`${base}/speed/ping?t=${Date.now()}`, { cache: 'no-store', signal });
}

/** Incompressible bytes from the server (≤ 5 MB); the caller reads the stream to time it. */
export function downloadSample(bytes: number, signal?: AbortSignal): Promise<Response> {
  return send(`${base}/speed/download?bytes=${bytes}&t=${Date.now()}`, { cache: 'no-store', signal });
}

export async function uploadSample(body: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<wire.UploadedBytes> {
  const response = await send(`${base}/speed/upload`, { method: 'POST', raw: body, contentType: 'application/octet-stream', cache: 'no-store', signal });
  return (await response.json()) as wire.UploadedBytes;
}

// Data in and out for staff: exports of every layer (streamed, with progress) and WiGLE CSV uploads.
import type * as wire from '../../server/domain/wire';
import { base, fresh, request, send } from './request';

export type ExportLayer = wire.ExportList['exports'][number];
export type WigleImportSummary = wire.WigleImportSummary;
export type WigleDropReason = keyof WigleImportSummary['dropped'];

export async function getExports(): Promise<ExportLayer[]> {
  return (await request<wire.ExportList>(`${base}/exports`, fresh)).exports;
}

export interface DownloadProgress {
  bytes: number; // received so far
  features: number | null; // how many features the file holds (X-Feature-Count), when the server says
  lines: number; // line ends so far: both formats write one feature per line, so this estimates features received
  done: boolean;
}

export interface Download {
  blob: Blob;
  filename: string;
  bytes: number;
  features: number | null;
}

/**
 * Streams a download and reports each chunk: exports have no Content-Length (they are written as they
 * are read), so progress is the bytes received, set against the feature count the server announces.
 */
export async function downloadExport(url: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<Download> {
  const response = await send(url, { ...fresh, signal });
  const header = response.headers.get('X-Feature-Count');
  const features = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? url.split('/').pop() ?? 'export';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  onProgress({ bytes, features, lines, done: false });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      for (const byte of value) if (byte === 0x0a) lines += 1; // \n; UTF-8 never uses this byte inside a character
      onProgress({ bytes, features, lines, done: false });
    }
  }
  onProgress({ bytes, features, lines, done: true });
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  return { blob: new Blob(chunks as BlobPart[], { type }), filename, bytes, features };
}

/** Uploads a WiGLE CSV (or .csv.gz) as the raw body; the server reads it as it arrives. */
export function uploadWigle(file: File): Promise<WigleImportSummary> {
  const gzip = /\.gz$/i.test(file.name) || file.type === 'application/gzip' || file.type === 'application/x-gzip';
  return request(`${base}/imports/wigle`, { method: 'POST', raw: file, contentType: gzip ? 'application/gzip' : 'text/csv', staff: true });
}

// Byte streams of uploaded and command-line files: gzip recognised by its magic number (not by a
// name or a header that may lie), and a size cap that stops reading the moment it is passed.
import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';

export class TooLarge extends Error {
  constructor(readonly limitBytes: number, what: string) {
    super(`${what} is larger than ${limitBytes} bytes`);
  }
}

/** Passes bytes through, failing with TooLarge once more than maxBytes went by. */
export async function* capped(source: AsyncIterable<Uint8Array>, maxBytes: number, what: string): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > maxBytes) throw new TooLarge(maxBytes, what);
    yield chunk;
  }
}

/** The bytes of a file that may be gzipped (1f 8b), decompressed as they arrive. */
export async function* gunzipIfNeeded(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  async function* whole() {
    if (head.length) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return yield* whole();
  const gunzip = createGunzip();
  pipeline(Readable.from(whole()), gunzip, () => {}); // an error upstream destroys gunzip, so the loop below throws it
  yield* gunzip;
}

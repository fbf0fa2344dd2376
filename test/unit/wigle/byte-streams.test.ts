// Upload bytes: gzip recognised by its magic number, size caps that stop a gzip bomb early.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { capped, gunzipIfNeeded, TooLarge } from '../../../server/services/byte-streams';

async function* chunks(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const collect = async (source: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
};

describe('upload byte streams', () => {
  const text = 'WigleWifi-1.6,appRelease=2.70\nMAC,SSID\n'.repeat(200);

  it('when the bytes are gzipped, then they come out decompressed, even one byte at a time', async () => {
    expect(await collect(gunzipIfNeeded(chunks(gzipSync(text), 1)))).toBe(text);
    expect(await collect(gunzipIfNeeded(chunks(gzipSync(text), 4096)))).toBe(text);
  });

  it('when the bytes are plain, then they pass through unchanged; empty stays empty', async () => {
    expect(await collect(gunzipIfNeeded(chunks(Buffer.from(text), 7)))).toBe(text);
    expect(await collect(gunzipIfNeeded(chunks(Buffer.alloc(0), 1)))).toBe('');
  });

  it('when gzip data is corrupt, then reading fails', async () => {
    const broken = Buffer.concat([gzipSync(text).subarray(0, 20), Buffer.from('not gzip at all')]);
    await expect(collect(gunzipIfNeeded(chunks(broken, 8)))).rejects.toThrow();
  });

  it('when a small gzip expands beyond the cap, then TooLarge stops it', async () => {
    const bomb = gzipSync(Buffer.alloc(5_000_000)); // ~5 KB that inflate to 5 MB
    expect(bomb.length).toBeLessThan(10_000);
    await expect(collect(capped(gunzipIfNeeded(chunks(bomb, 1024)), 1_000_000, 'uncompressed CSV'))).rejects.toBeInstanceOf(TooLarge);
  });
});

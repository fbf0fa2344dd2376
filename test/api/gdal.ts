// GDAL (Debian's gdal-bin) as a real client of our OGC API and exports. Commands run asynchronously,
// so the server in this same process keeps answering while GDAL talks to it.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const HAS_GDAL = !spawnSync('ogrinfo', ['--version']).error;
export const NO_GDAL_MESSAGE = 'GDAL client tests skipped: `ogrinfo` is not installed (apt-get install gdal-bin; .ci/run does)';
if (!HAS_GDAL) console.warn(NO_GDAL_MESSAGE);

export async function gdal(command: 'ogrinfo' | 'ogr2ogr', ...args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { env: { ...process.env, CPL_DEBUG: 'OFF', GDAL_HTTP_TIMEOUT: '30' }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** `ogrinfo -so -al` output → { layer name: feature count }. */
export function featureCounts(summary: string): Record<string, number> {
  const counts: Record<string, number> = {};
  let layer = '';
  for (const line of summary.split('\n')) {
    const name = /^Layer name: (.+)$/.exec(line);
    if (name) layer = name[1].trim();
    const n = /^Feature Count: (\d+)$/.exec(line);
    if (n && layer) counts[layer] = Number(n[1]);
  }
  return counts;
}

/** `ogrinfo -so` field lines (`name: String (0.0)`) → field names. */
export function fieldNames(summary: string): string[] {
  return [...summary.matchAll(/^(\w+): (?:String|Integer|Integer64|Real|Date|DateTime|StringList|IntegerList|Integer\(Boolean\))\b/gm)].map((m) => m[1]);
}

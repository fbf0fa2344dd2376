// PostGIS as a second yardstick for the coverage gaps: the same discs buffered, unioned and cut from the city
// boundary in PostgreSQL, timed inside the database (clock_timestamp) so the client round trip is not counted.
// Runs psql (as the postgres user when this runs as root: peer authentication) on a scratch database it creates
// and drops; when psql, the server or PostGIS is missing it says why and the bench goes on without it.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const DB = 'wifi_reach_bench';
const QUAD_SEGS = 16; // segments per quarter circle: Turf's buffer in the bench uses the same 64-gon
const UTM_17N = 32617; // metres around Kitchener (80.5° W)

export type PostgisResult = { medianMs: number; areaM2: number; version: string } | { skipped: string };

function psql(sql: string, database = 'postgres'): { ok: boolean; out: string } {
  const args = ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', database];
  const asRoot = os.userInfo().uid === 0;
  const run = asRoot
    ? spawnSync('su', ['postgres', '-c', `psql ${args.map((a) => `'${a}'`).join(' ')}`], { input: sql, encoding: 'utf8', timeout: 600_000 })
    : spawnSync('psql', args, { input: sql, encoding: 'utf8', timeout: 600_000 });
  if (run.error) return { ok: false, out: run.error.message };
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}`.trim() };
}

/** Median time of `runs` gap computations for discs (lon, lat, reach m) over the boundary, after one warm-up. */
export function postgisGaps(boundary: GeoJSON.Polygon, discs: { position: readonly [number, number]; reachM: number }[], runs = 3): PostgisResult {
  const probe = psql('SELECT 1');
  if (!probe.ok) return { skipped: `PostgreSQL not reachable (${probe.out.split('\n')[0]}); start it with pg_ctlcluster 15 main start` };
  psql(`DROP DATABASE IF EXISTS ${DB}`);
  const created = psql(`CREATE DATABASE ${DB}`);
  if (!created.ok) return { skipped: `cannot create a scratch database: ${created.out.split('\n')[0]}` };
  try {
    const values = discs.map((d) => `(${d.position[0]}, ${d.position[1]}, ${d.reachM})`).join(',\n');
    const result = psql(`
      CREATE EXTENSION IF NOT EXISTS postgis;
      CREATE TABLE discs (lon float8, lat float8, reach float8);
      INSERT INTO discs VALUES ${values};
      CREATE TABLE city AS SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON('${JSON.stringify(boundary)}'), 4326), ${UTM_17N}) AS g;
      CREATE FUNCTION gaps() RETURNS float8 LANGUAGE sql AS $$
        SELECT ST_Area(ST_Difference((SELECT g FROM city),
          (SELECT ST_Union(ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), ${UTM_17N}), reach, ${QUAD_SEGS})) FROM discs)))
      $$;
      DO $$
      DECLARE t0 timestamptz; times float8[] := '{}'; area float8;
      BEGIN
        PERFORM gaps(); -- warm-up
        FOR i IN 1..${runs} LOOP
          t0 := clock_timestamp();
          area := gaps();
          times := times || extract(epoch FROM clock_timestamp() - t0) * 1000;
        END LOOP;
        RAISE NOTICE 'result % %', (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t), area;
      END $$;
      SELECT 'version ' || postgis_lib_version();`, DB);
    if (!result.ok) return { skipped: `PostGIS failed: ${result.out.split('\n').find((l) => /ERROR/.test(l)) ?? result.out.slice(0, 200)}` };
    const [, ms, area] = /result ([\d.]+) ([\d.e+]+)/.exec(result.out) ?? [];
    const version = /version (\S+)/.exec(result.out)?.[1] ?? '?';
    if (!ms) return { skipped: `unexpected psql output: ${result.out.slice(0, 200)}` };
    return { medianMs: Number(ms), areaM2: Number(area), version };
  } finally {
    psql(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

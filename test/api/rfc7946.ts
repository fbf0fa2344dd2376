// An RFC 7946 checker for our exports: every rule a GIS tool relies on, each failure named with its path.

type Position = number[];

const ringArea = (ring: Position[]) => {
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return twice / 2; // > 0: counter-clockwise
};

/** Returns every violation found; an empty list means the document passes. */
export function rfc7946Problems(doc: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const position = (p: unknown, path: string) => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return fail(path, 'not a position [lon, lat]');
    if (p[0] < -180 || p[0] > 180) fail(path, `longitude ${p[0]} out of range`);
    if (p[1] < -90 || p[1] > 90) fail(path, `latitude ${p[1]} out of range`);
  };
  const polygon = (rings: Position[][], path: string) => {
    if (!Array.isArray(rings) || rings.length === 0) return fail(path, 'a polygon needs at least one ring');
    rings.forEach((ring, r) => {
      const at = `${path}[${r}]`;
      if (!Array.isArray(ring) || ring.length < 4) return fail(at, 'a linear ring needs at least 4 positions');
      ring.forEach((p, i) => position(p, `${at}[${i}]`));
      if (ring[0][0] !== ring.at(-1)![0] || ring[0][1] !== ring.at(-1)![1]) fail(at, 'ring is not closed');
      const area = ringArea(ring);
      if (r === 0 && area <= 0) fail(at, 'exterior ring is not counter-clockwise (right-hand rule)');
      if (r > 0 && area >= 0) fail(at, 'hole is not clockwise (right-hand rule)');
    });
  };
  const geometry = (g: GeoJSON.Geometry | null, path: string) => {
    if (g === null) return;
    switch (g?.type) {
      case 'Point':
        return position(g.coordinates, `${path}.coordinates`);
      case 'Polygon':
        return polygon(g.coordinates, `${path}.coordinates`);
      case 'MultiPolygon':
        return g.coordinates.forEach((p, i) => polygon(p, `${path}.coordinates[${i}]`));
      default:
        fail(path, `unexpected geometry ${JSON.stringify((g as { type?: string })?.type)}`);
    }
  };

  const root = doc as GeoJSON.FeatureCollection & Record<string, unknown>;
  if (root?.type !== 'FeatureCollection') fail('$', 'not a FeatureCollection');
  if ('crs' in root) fail('$.crs', 'RFC 7946 removed the crs member');
  if (!Array.isArray(root?.features)) return [...problems, '$.features: missing'];
  const ids = new Set<unknown>();
  root.features.forEach((f, i) => {
    const path = `$.features[${i}]`;
    if (f.type !== 'Feature') fail(path, 'not a Feature');
    if ('crs' in f) fail(`${path}.crs`, 'RFC 7946 removed the crs member');
    if (typeof f.id !== 'string' && typeof f.id !== 'number') fail(`${path}.id`, 'missing id');
    else if (ids.has(f.id)) fail(`${path}.id`, `duplicate id ${f.id}`);
    ids.add(f.id);
    if (f.properties !== null && (typeof f.properties !== 'object' || Array.isArray(f.properties))) fail(`${path}.properties`, 'not an object or null');
    geometry(f.geometry, `${path}.geometry`);
  });
  return problems;
}

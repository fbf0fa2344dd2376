/**
 * Label glyphs for MapLibre, generated from a freely licensed TTF with fontnik (signed distance
 * fields in 256-codepoint PBF ranges), so street names render with no font server.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

interface Fontnik {
  range(options: { font: Buffer; start: number; end: number }, callback: (error: Error | null, pbf: Buffer) => void): void;
}
const fontnik = createRequire(import.meta.url)('fontnik') as Fontnik; // native, CommonJS, dev only

/** Font stacks the style asks for (MapLibre's text-font), each from one Debian DejaVu file (fonts-dejavu-core); one face keeps the download at ~80 kB. */
export const GLYPH_FONTS: Record<string, string> = {
  'DejaVu Sans Book': '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
};

/** The 256-codepoint ranges the given texts need ("0-255", …): only those are generated and committed. */
export function neededRanges(texts: Iterable<string>): number[] {
  const starts = new Set<number>([0]); // digits, Latin letters and punctuation are always needed
  for (const text of texts) for (const ch of text) starts.add(Math.floor(ch.codePointAt(0)! / 256) * 256);
  return [...starts].sort((a, b) => a - b);
}

export async function glyphRange(fontFile: string, start: number): Promise<Buffer> {
  if (!fs.existsSync(fontFile)) throw new Error(`font ${fontFile} not found: apt-get install -y fonts-dejavu-core`);
  const font = fs.readFileSync(fontFile);
  return new Promise((resolve, reject) =>
    fontnik.range({ font, start, end: start + 255 }, (error, pbf) => (error ? reject(error) : resolve(pbf))),
  );
}

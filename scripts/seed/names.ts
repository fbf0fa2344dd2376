/** Name and address helpers for the 2016 City open data, whose text is ALL CAPS. */

const SMALL_WORDS = new Set(['of', 'and', 'the', 'de', 'la', 'du', 'des', 'for', 'in', 'at', 'on']);
const ROMAN_NUMERAL = /^(II|III|IV|VI|VII|VIII|IX|XI|XII)$/;
const INITIALS = /^([A-Z]\.)+$/; // "C.I.", "R.M.", "K.P.L."
/** Names that are written in capitals even in mixed-case text. */
const ACRONYMS = new Set(['GO', 'GRT', 'ION', 'KPL', 'KWAG', 'VIA', 'YMCA']);

/** Title-cases text only when the source wrote it ALL CAPS; mixed-case text is returned as is. */
export function titleCaseIfAllCaps(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (!/[A-Z]/.test(trimmed) || trimmed !== trimmed.toUpperCase()) return trimmed;
  return trimmed
    .split(' ')
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (index > 0 && SMALL_WORDS.has(lower)) return lower;
      return word
        .split(/([-/])/)
        .map((part) => {
          if (INITIALS.test(part) || ROMAN_NUMERAL.test(part) || ACRONYMS.has(part)) return part;
          // Capitalise the first letter only, so "MARY'S" -> "Mary's" and "(THE" -> "(The";
          // "MCMASTER" -> "McMaster".
          return part
            .toLowerCase()
            .replace(/[a-z]/, (c) => c.toUpperCase())
            .replace(/^Mc([a-z])/, (_, c: string) => `Mc${c.toUpperCase()}`);
        })
        .join('');
    })
    .join(' ');
}

/** Words that say what kind of place it is rather than which one; ignored when comparing names. */
const GENERIC_WORDS = new Set([
  'the', 'of', 'and', 'kitchener', 'grt', 'ion', 'incl', 'former', 'station', 'terminal', 'transit',
  'centre', 'center', 'community', 'library', 'public', 'k', 'p', 'l', 'kpl', 'major', 'point', 'transfer',
]);

export function nameTokens(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .replace(/k\.p\.l\./g, 'kpl')
      .split(/[^a-z0-9]+/)
      .filter((token) => token.length > 0 && !GENERIC_WORDS.has(token)),
  );
}

/**
 * Jaccard similarity of the distinctive words of two names, 0..1. Jaccard rather than "all words
 * of the shorter name": "Forest Heights Community Library" must not match "Forest Heights C.I.
 * Swimming Pool" just because the generic words leave only "forest heights".
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const token of ta) if (tb.has(token)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/** "85 Queen St N, Kitchener" and "85 QUEEN ST N" compare equal; so do "Fischer-Hallman" and "FISCHER HALLMAN". */
export function normaliseAddress(address: string): string {
  return address
    .toLowerCase()
    .replace(/,\s*kitchener.*$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Civic number and street of a 2016 City record as a readable address, or null when both are empty. */
export function facilityAddress(civicNo: string, street: string): string | null {
  const parts = [civicNo.trim(), titleCaseIfAllCaps(street)].filter((part) => part !== '');
  return parts.length > 0 ? `${parts.join(' ')}, Kitchener` : null;
}

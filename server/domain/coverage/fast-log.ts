// Natural logarithm for the whole-city stamp, which takes one per cell per access point (half a million
// at 1,000 APs): Math.log cost 40 % of the stamp. Exponent from Math.clz32, mantissa m in [1, 2) through
// a degree-7 polynomial for ln(m) (Chebyshev fit of ln(1 + x), |error| < 6e-7, i.e. < 4e-6 dB at the
// model's steepest slope: below Float32 resolution of the stored dBm).

const POW2_INVERSE = Float64Array.from({ length: 32 }, (_, k) => 2 ** -k);
const C0 = 5.621959008883515e-7, C1 = 0.9999574870750662, C2 = -0.4992065685478449, C3 = 0.32697310001386687;
const C4 = -0.2228362583280196, C5 = 0.13076503250423846, C6 = -0.052624851367851076, C7 = 0.010119082927824848;

/** ln(v) for 1 ≤ v < 2³¹ (squared distances in m² up to 46 km), within 6e-7 of Math.log. */
export function fastLn(v: number): number {
  const k = 31 - Math.clz32(v); // floor(log2(v)): clz32 truncates v to an integer first
  const x = v * POW2_INVERSE[k] - 1; // m − 1 in [0, 1)
  return k * Math.LN2 + (C0 + x * (C1 + x * (C2 + x * (C3 + x * (C4 + x * (C5 + x * (C6 + x * C7)))))));
}

/** The largest argument fastLn takes. */
export const FAST_LN_MAX = 2 ** 31 - 1;

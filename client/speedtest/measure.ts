// The connection test: latency, download and upload against this server. Sizes grow only while the
// connection is fast, so a weak one costs the resident little data, and every phase stops on a time budget.
import { downloadSample, ping, uploadSample, type ConnectionTestFigures } from '../api';

export const testLimits = {
  pings: 5, // round trips; the median ignores the first one's connection setup
  pingTimeoutMs: 4_000, // one round trip slower than this is a failed one
  downloadBytes: [256 * 1024, 1024 * 1024, 5 * 1024 * 1024], // stages; 5 MB is the server's limit
  uploadBytes: [128 * 1024, 512 * 1024, 2 * 1024 * 1024], // stages; uploads cost more on a metered plan, so they stop at 2 MB
  phaseBudgetMs: 8_000, // each of download and upload stops after this, with what it measured so far
  nextStageBelowMs: 1_500, // a stage faster than this is too short to trust: try the next size
} as const;

export type Phase = 'latency' | 'download' | 'upload';

export interface Progress {
  phase: Phase;
  fraction: number; // 0..1 of the whole test
  message: string;
}

export interface TestResult extends ConnectionTestFigures {
  reachedServer: boolean; // false: not one ping came back; the figures are null
  at: string; // when the test ran (ISO)
  connectionWords: string | null; // the same, for a person: "Wi-Fi, fast by the browser's estimate"
}

interface NetworkInformation {
  type?: string; // wifi, cellular, ethernet… (Chrome on Android; absent on desktop)
  effectiveType?: string; // slow-2g, 2g, 3g, 4g: a speed class the browser estimates, not the network used
}

function networkInformation(): NetworkInformation | null {
  return (navigator as Navigator & { connection?: NetworkInformation }).connection ?? null;
}

/** What the browser says, for the record: "wifi, effective 4g" (the server keeps at most 40 characters). */
export function connectionType(info = networkInformation()): string | null {
  if (!info) return null;
  const parts = [info.type && info.type !== 'unknown' ? info.type : null, info.effectiveType ? `effective ${info.effectiveType}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(', ').slice(0, 40) : null;
}

const typeWords: Record<string, string> = { wifi: 'Wi-Fi', cellular: 'mobile data', ethernet: 'a cable', bluetooth: 'Bluetooth', none: 'no connection' };

// effectiveType is the browser's guess at a speed class, named after mobile generations; on Wi-Fi or a cable
// "4g" only means "fast", so a person is told the speed in words and never a network the phone is not on.
const speedWords: Record<string, string> = { 'slow-2g': 'very slow', '2g': 'slow', '3g': 'moderate', '4g': 'fast' };

export function connectionWords(info = networkInformation()): string | null {
  if (!info) return null;
  const type = info.type && info.type !== 'unknown' ? (typeWords[info.type] ?? info.type) : null;
  const speed = info.effectiveType ? speedWords[info.effectiveType] : undefined;
  if (type && speed) return `${type}, ${speed} by the browser's estimate`;
  if (type) return type;
  return speed ? `Not said by this browser (it rates the connection ${speed})` : null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mbps = (bytes: number, ms: number) => (ms > 0 ? Math.round(((bytes * 8) / (ms * 1000)) * 100) / 100 : null);

export async function runConnectionTest(onProgress: (p: Progress) => void, signal?: AbortSignal): Promise<TestResult> {
  const at = new Date().toISOString();
  const type = connectionType();
  const words = connectionWords();

  // Latency: the share of the whole test's bar is rough on purpose, it only has to move steadily.
  const rtts: number[] = [];
  for (let i = 0; i < testLimits.pings; i++) {
    signal?.throwIfAborted();
    onProgress({ phase: 'latency', fraction: (0.2 * i) / testLimits.pings, message: `Measuring delay (${i + 1} of ${testLimits.pings})…` });
    const start = performance.now();
    try {
      await ping(anySignal(signal, AbortSignal.timeout(testLimits.pingTimeoutMs)));
      rtts.push(performance.now() - start);
    } catch {
      if (signal?.aborted) throw signal.reason;
    }
  }
  if (rtts.length === 0) return { at, reachedServer: false, latencyMs: null, downMbps: null, upMbps: null, connectionType: type, connectionWords: words };
  const latency = median(rtts.length > 1 ? rtts.slice(1) : rtts)!;

  const downMbps = await timedStages('download', testLimits.downloadBytes, 0.2, 0.5, onProgress, signal, async (bytes, stageSignal, progress) => {
    const response = await downloadSample(bytes, stageSignal);
    const reader = response.body!.getReader();
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      progress(received);
    }
    return received;
  });

  const upMbps = await timedStages('upload', testLimits.uploadBytes, 0.7, 0.3, onProgress, signal, async (bytes, stageSignal) => {
    await uploadSample(randomBytes(bytes), stageSignal);
    return bytes;
  });

  onProgress({ phase: 'upload', fraction: 1, message: 'Test finished.' });
  return { at, reachedServer: true, latencyMs: Math.round(latency), downMbps, upMbps, connectionType: type, connectionWords: words };
}

/**
 * Runs growing stages within one time budget and returns the throughput of the largest stage that
 * finished, or of the bytes a cut-off download had received. Null when nothing could be measured.
 */
async function timedStages(
  phase: 'download' | 'upload',
  sizes: readonly number[],
  barStart: number,
  barShare: number,
  onProgress: (p: Progress) => void,
  signal: AbortSignal | undefined,
  stage: (bytes: number, signal: AbortSignal, progress: (bytes: number) => void) => Promise<number>,
): Promise<number | null> {
  const began = performance.now();
  const verb = phase === 'download' ? 'Measuring download' : 'Measuring upload';
  let best: number | null = null;
  for (const size of sizes) {
    const left = testLimits.phaseBudgetMs - (performance.now() - began);
    if (left <= 0) break;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('time budget used', 'TimeoutError')), left);
    const stageSignal = anySignal(signal, controller.signal);
    const start = performance.now();
    let received = 0;
    const report = () => {
      const elapsed = performance.now() - began;
      onProgress({ phase, fraction: barStart + barShare * Math.min(1, elapsed / testLimits.phaseBudgetMs), message: `${verb}…` });
    };
    report();
    try {
      received = await stage(size, stageSignal, (bytes) => {
        received = bytes;
        report();
      });
      const elapsed = performance.now() - start;
      best = mbps(received, elapsed);
      if (elapsed > testLimits.nextStageBelowMs) break;
    } catch {
      if (signal?.aborted) throw signal.reason;
      // Out of time or cut off: a download's partial bytes still measure the link; a cut-off upload tells nothing.
      if (phase === 'download' && received > 0) best = mbps(received, performance.now() - start) ?? best;
      break;
    } finally {
      clearTimeout(timer);
    }
  }
  return best;
}

function randomBytes(count: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(count);
  const chunk = 65_536; // getRandomValues fills at most 64 KiB per call
  for (let offset = 0; offset < count; offset += chunk) crypto.getRandomValues(bytes.subarray(offset, Math.min(count, offset + chunk)));
  return bytes; // incompressible, so no proxy can flatter the figure
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length === 1 ? present[0] : AbortSignal.any(present);
}

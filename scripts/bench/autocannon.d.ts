// The part of autocannon's API the ingest bench uses (the package ships no types).
declare module 'autocannon' {
  export interface Request { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  export interface Options { url: string; connections?: number; duration?: number; amount?: number; headers?: Record<string, string>; requests?: Request[]; method?: string; body?: string }
  export interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
  export interface Result { requests: Histogram & { total: number }; latency: Histogram; duration: number; errors: number; timeouts: number; non2xx: number; '2xx': number; statusCodeStats: Record<string, { count: number }> }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}

// Just enough of autocannon 9's API for the bench scripts (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    timeout?: number;
  }
  interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p97_5: number; p99: number }
  interface Result {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  type Callback = (err: Error | null, result: Result) => void;
  function autocannon(opts: Options, cb: Callback): EventEmitter & { stop(): void };
  export default autocannon;
  export type { Options, Result };
}

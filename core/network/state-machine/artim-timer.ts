/**
 * ARTIM, the Association Request/Reject/Release timer (PS3.8 section 9.1.5).
 *
 * One-shot: start() arms it (or re-arms it: AA-1 says "start, or restart if already
 * started"), stop() disarms it, and onExpire runs at most once per start(). The
 * timer functions are injected so that tests can drive time (vitest fake timers, or
 * a hand-written fake), and nothing here reads a global timeout value: the duration
 * comes from NetworkConfig.artimTimeoutMs through the caller.
 */
import { DicomError } from '../errors.js';

/** The part of the host's timer API that ARTIM needs. */
export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Host timers, looked up at call time (not captured at import) so that
 * vi.useFakeTimers() installed after this module loads still takes effect.
 */
export const hostTimers: TimerApi = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Upper bound for setTimeout in Node/browsers (2^31-1 ms); longer values fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class ArtimTimer {
  readonly timeoutMs: number;
  private readonly onExpire: () => void;
  private readonly timers: TimerApi;
  private handle: unknown = undefined;
  private running = false;
  /** Incremented on every start/stop: a callback from an older arming is ignored. */
  private generation = 0;

  constructor(timeoutMs: number, onExpire: () => void, timers: TimerApi = hostTimers) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new DicomError('upper-layer', 'INVALID_CONFIG',
        `ARTIM timeout must be a finite number of ms in 1..${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}`);
    }
    this.timeoutMs = timeoutMs;
    this.onExpire = onExpire;
    this.timers = timers;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Start, or restart from zero if already running. */
  start(): void {
    this.cancel();
    const generation = ++this.generation;
    this.running = true;
    this.handle = this.timers.setTimeout(() => this.fire(generation), this.timeoutMs);
  }

  /** Stop if running; a no-op otherwise. */
  stop(): void {
    this.generation++;
    this.cancel();
  }

  private cancel(): void {
    if (this.running) {
      this.running = false;
      const handle = this.handle;
      this.handle = undefined;
      this.timers.clearTimeout(handle);
    }
  }

  private fire(generation: number): void {
    // A stale callback (the host fired it although we cleared it, or it was already
    // queued when stop() ran) must not expire a newer arming.
    if (generation !== this.generation || !this.running) return;
    this.running = false;
    this.handle = undefined;
    this.onExpire();
  }
}

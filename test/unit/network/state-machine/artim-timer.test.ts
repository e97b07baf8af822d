import { afterEach, describe, expect, it, vi } from 'vitest';
import { DicomError } from '../../../../core/network/errors.js';
import { ArtimTimer, type TimerApi } from '../../../../core/network/state-machine/artim-timer.js';

/** A timer API whose callbacks run only when the test says so, even after clearTimeout. */
class StubbornTimers implements TimerApi {
  pending: Array<() => void> = [];
  cleared = 0;
  setTimeout(callback: () => void): unknown {
    this.pending.push(callback);
    return this.pending.length;
  }
  clearTimeout(): void {
    this.cleared++;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ArtimTimer (PS3.8 9.1.5)', () => {
  it('calls onExpire once, after the timeout, with host fake timers', () => {
    vi.useFakeTimers();
    const onExpire = vi.fn();
    const timer = new ArtimTimer(1000, onExpire);
    timer.start();
    expect(timer.isRunning).toBe(true);
    vi.advanceTimersByTime(999);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(timer.isRunning).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('stop() prevents expiry; start() while running restarts from zero', () => {
    vi.useFakeTimers();
    const onExpire = vi.fn();
    const timer = new ArtimTimer(1000, onExpire);
    timer.start();
    vi.advanceTimersByTime(600);
    timer.start();
    vi.advanceTimersByTime(600);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(onExpire).toHaveBeenCalledTimes(1);
    timer.start();
    timer.stop();
    timer.stop(); // idempotent
    vi.advanceTimersByTime(5000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(timer.isRunning).toBe(false);
  });

  it('ignores a stale callback from an earlier arming', () => {
    const timers = new StubbornTimers();
    const onExpire = vi.fn();
    const timer = new ArtimTimer(1000, onExpire, timers);
    timer.start();
    timer.stop();
    timer.start();
    expect(timers.cleared).toBe(1);
    timers.pending[0]?.(); // the first arming fires although it was cleared
    expect(onExpire).not.toHaveBeenCalled();
    expect(timer.isRunning).toBe(true);
    timers.pending[1]?.();
    timers.pending[1]?.(); // a host firing twice still expires once
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('rejects a nonsensical timeout with a typed error', () => {
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(() => new ArtimTimer(ms, () => undefined)).toThrow(DicomError);
    }
  });
});

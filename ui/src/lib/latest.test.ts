import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debouncedLatest } from './latest';

describe('debouncedLatest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause before calling, then calls once with the last value', async () => {
    const fn = vi.fn((q: string) => Promise.resolve(q.toUpperCase()));
    const result = vi.fn();
    const d = debouncedLatest(fn, 80, { result, error: vi.fn() });
    d.call('m');
    d.call('ma');
    d.call('mar');
    await vi.advanceTimersByTimeAsync(79);
    expect(fn).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('mar');
    expect(result).toHaveBeenCalledWith('MAR', 'mar');
  });

  it('ignores an answer that comes back after a newer request was made', async () => {
    const pending: Record<string, (v: string) => void> = {};
    const fn = (q: string) => new Promise<string>((resolve) => (pending[q] = resolve));
    const result = vi.fn();
    const d = debouncedLatest(fn, 10, { result, error: vi.fn() });

    d.call('mart');
    await vi.advanceTimersByTimeAsync(10);
    d.call('martin');
    await vi.advanceTimersByTimeAsync(10);

    pending['martin']?.('new');
    pending['mart']?.('old');
    await vi.runAllTimersAsync();

    expect(result).toHaveBeenCalledTimes(1);
    expect(result).toHaveBeenCalledWith('new', 'martin');
  });

  it('drops everything on cancel, including errors', async () => {
    let reject: (e: unknown) => void = () => {};
    const fn = () => new Promise<string>((_, r) => (reject = r));
    const result = vi.fn();
    const error = vi.fn();
    const d = debouncedLatest(fn, 10, { result, error });
    d.call();
    await vi.advanceTimersByTimeAsync(10);
    d.cancel();
    reject(new Error('late'));
    await vi.runAllTimersAsync();
    expect(result).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

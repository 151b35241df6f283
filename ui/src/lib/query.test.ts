import { describe, expect, it, vi } from 'vitest';
import { Latest } from './query';

/** A read whose answer the test gives when it likes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Latest', () => {
  it('takes only the newest answer when an older one arrives late', async () => {
    const latest = new Latest();
    const first = deferred<string>();
    const second = deferred<string>();
    const ok = vi.fn();
    const settled = vi.fn();
    const a = latest.take(first.promise, { ok, settled });
    const b = latest.take(second.promise, { ok, settled });
    second.resolve('new');
    first.resolve('old');
    expect(await b).toBe(true);
    expect(await a).toBe(false);
    expect(ok.mock.calls).toEqual([['new']]);
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('drops an older failure, and reports the newest one', async () => {
    const latest = new Latest();
    const first = deferred<string>();
    const failed = vi.fn();
    void latest.take(first.promise, { failed });
    const second = latest.take(() => Promise.reject(new Error('down')), { failed });
    first.reject(new Error('stale'));
    expect(await second).toBe(false);
    await Promise.resolve();
    expect(failed.mock.calls.map(([e]) => (e as Error).message)).toEqual(['down']);
  });

  it('drops every read in flight on drop()', async () => {
    const latest = new Latest();
    const read = deferred<number>();
    const ok = vi.fn();
    const settled = vi.fn();
    const taken = latest.take(read.promise, { ok, settled });
    latest.drop();
    read.resolve(1);
    expect(await taken).toBe(false);
    expect(ok).not.toHaveBeenCalled();
    expect(settled).not.toHaveBeenCalled();
  });
});

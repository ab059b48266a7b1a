import { describe, expect, it, vi } from 'vitest';
import { lazyView } from './lazy-view.ts';

describe('lazyView', () => {
  it('fetches a view once, and again after a failed fetch', async () => {
    const view = () => null;
    const factory = vi
      .fn<() => Promise<{ default: () => null }>>()
      .mockRejectedValueOnce(new Error('chunk gone after an update'))
      .mockResolvedValue({ default: view });
    const View = lazyView(factory);
    await expect(View.preload()).rejects.toThrow('chunk gone');
    await expect(View.preload()).resolves.toEqual({ default: view });
    await View.preload();
    expect(factory).toHaveBeenCalledTimes(2);
  });
});

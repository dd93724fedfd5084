// The engine over a real MessageChannel with Comlink, as the worker exposes it: the API's types,
// File transfer, callbacks through proxies and errors all survive the boundary.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expose, proxy, wrap, type Remote } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import type { EngineApi } from '../../../src/engine/engine';
import type { ImportEvent } from '../../../src/shared/events';
import { createFixture } from '../../helpers/engineFixtures';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

function connect(engine: EngineApi): Remote<EngineApi> {
  const channel = new MessageChannel();
  channels.push(channel);
  expose(engine, nodeEndpoint(channel.port1));
  return wrap<EngineApi>(nodeEndpoint(channel.port2));
}

describe('engine over Comlink', () => {
  it('imports files sent across the channel and calls progress back', async () => {
    const fx = createFixture(3);
    const remote = connect(fx.engine);
    const events: ImportEvent[] = [];
    const result = await remote.importDataset(
      fx.files,
      0,
      proxy((e: ImportEvent) => events.push(e)),
    );
    expect(result.manifest.images).toHaveLength(9);
    expect(result.manifest.classes.map((c) => c.name)).toEqual(['class-0', 'class-1', 'class-2']);
    // Callbacks are messages too: the last one may land just after the result.
    await vi.waitFor(() =>
      expect(events.at(-1)).toEqual({ type: 'import-progress', done: 9, total: 9 }),
    );
  });

  it('turns a worker-side failure into a rejected promise with its message', async () => {
    const remote = connect(createFixture(1).engine);
    await expect(
      remote.train({ kind: 'builtin', id: 'vgg16', inputSize: 8 }, { epochs: 1 } as never),
    ).rejects.toThrow('Import a dataset first.');
  });
});

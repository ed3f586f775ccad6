import { createFedplane, type Fedplane, type FedplaneOptions } from "../../src/app/fedplane.js";
import { createLogger, silentLogger } from "../../src/app/logger.js";
import { createFedplaneClient, type FedplaneClient } from "../../src/sdk/client.js";

export interface TestFedplane {
  app: Fedplane;
  /** The typed SDK, pointed at the server. */
  client: FedplaneClient;
  stop(): Promise<void>;
}

/**
 * A real fedplane (embedded clusters in memory unless options say otherwise) serving on a free loopback port, and an
 * SDK client for it. FEDPLANE_TEST_LOG=debug|info|... shows its log.
 */
export async function startTestFedplane(options: FedplaneOptions = {}): Promise<TestFedplane> {
  const level = process.env.FEDPLANE_TEST_LOG;
  const app = await createFedplane({
    port: 0,
    logger: level ? createLogger({ level: level as never, format: "text" }) : silentLogger,
    probe: { intervalMs: 500, retryMs: 50, timeoutMs: 2_000 },
    ...options,
  });
  const client = createFedplaneClient({ url: app.url });
  return {
    app,
    client,
    async stop() {
      await client.close();
      await app.stop();
    },
  };
}

/** Collects what an async iterable yields, in the background, for assertions with eventually(). */
export function collect<T>(iterable: AsyncIterable<T>): { items: T[]; error: () => unknown; stop: () => Promise<void> } {
  const items: T[] = [];
  let error: unknown;
  const iterator = iterable[Symbol.asyncIterator]();
  const pump = (async () => {
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        items.push(r.value);
      }
    } catch (e) {
      error = e;
    }
  })();
  return {
    items,
    error: () => error,
    async stop() {
      await iterator.return?.();
      await pump;
    },
  };
}

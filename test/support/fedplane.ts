import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFedplane, type Fedplane, type FedplaneOptions } from "../../src/app/fedplane.js";
import { createLogger, silentLogger } from "../../src/app/logger.js";
import { createFedplaneClient, type FedplaneClient } from "../../src/sdk/client.js";

export interface TestFedplane {
  app: Fedplane;
  /** The typed SDK, pointed at the server. */
  client: FedplaneClient;
  /** A token of a user in system:masters: the embedded admin token, or with a real admin cluster a static test token. */
  token: string;
  /** `Authorization: Bearer <token>`, for tests that make raw HTTP requests. */
  authHeaders: Record<string, string>;
  stop(): Promise<void>;
}

export const TEST_ADMIN_USER = "test-admin";

const tokensByUrl = new Map<string, string>();

/** The administrator token of a test server started here, by its GraphQL URL (for CLI runs: test/cli/run-cli.ts). */
export const testTokenFor = (url: string): string | undefined => tokensByUrl.get(url);

/**
 * Against a real admin cluster there is no embedded admin token: the tests' administrator is a static token in a
 * token file (TokenReview would need a ServiceAccount per run), in system:masters, which the API server's RBAC lets do
 * anything, so SubjectAccessReviews allow it.
 */
function kubeTestAdmin(): { tokenAuthFile: string; token: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "fedplane-test-tokens-"));
  const token = randomBytes(24).toString("base64url");
  const tokenAuthFile = join(dir, "tokens.csv");
  writeFileSync(tokenAuthFile, `${token},${TEST_ADMIN_USER},test-admin-uid,"system:masters"\n`, { mode: 0o600 });
  return { tokenAuthFile, token, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real fedplane (embedded clusters in memory unless options say otherwise) serving on a free loopback port, and an
 * SDK client for it. FEDPLANE_TEST_LOG=debug|info|... shows its log.
 */
export async function startTestFedplane(options: FedplaneOptions = {}): Promise<TestFedplane> {
  const level = process.env.FEDPLANE_TEST_LOG;
  const kubeAdmin = options.kubeconfig && !options.tokenAuthFile ? kubeTestAdmin() : undefined;
  let app: Fedplane;
  try {
    app = await createFedplane({
      port: 0,
      logger: level ? createLogger({ level: level as never, format: "text" }) : silentLogger,
      probe: { intervalMs: 500, retryMs: 50, timeoutMs: 2_000 },
      ...(kubeAdmin ? { tokenAuthFile: kubeAdmin.tokenAuthFile } : {}),
      ...options,
    });
  } catch (e) {
    kubeAdmin?.cleanup();
    throw e;
  }
  const token = kubeAdmin?.token ?? app.adminToken?.token;
  if (!token) throw new Error("startTestFedplane: no administrator token (pass tokenAuthFile with a system:masters user)");
  const client = createFedplaneClient({ url: app.url, token });
  tokensByUrl.set(app.url, token);
  return {
    app,
    client,
    token,
    authHeaders: { authorization: `Bearer ${token}` },
    async stop() {
      await client.close();
      await app.stop();
      tokensByUrl.delete(app.url);
      kubeAdmin?.cleanup();
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

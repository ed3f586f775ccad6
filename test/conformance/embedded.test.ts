import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClusterClient } from "../../src/cluster/client.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import { gadgetSchema } from "./gadget.js";
import { describeConformance } from "./suite.js";

const CLUSTER = "conformance";

describeConformance("embedded", {
  capabilities: { unreachable: true, expireHistory: true, restart: true, schemas: true },
  async setup() {
    const dataDir = mkdtempSync(join(tmpdir(), "fedplane-conformance-"));
    let world = await EmbeddedWorld.open({ dataDir, schemaCheck: gadgetSchema });
    world.createCluster(CLUSTER);
    let client: ClusterClient = world.client(CLUSTER);
    return {
      get client() {
        return client;
      },
      async setReachable(reachable) {
        world.setReachable(CLUSTER, reachable);
      },
      async expireHistory() {
        world.expireHistory(CLUSTER);
      },
      async restart() {
        await world.close();
        world = await EmbeddedWorld.open({ dataDir, schemaCheck: gadgetSchema });
        client = world.client(CLUSTER);
      },
      async cleanup() {
        await world.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

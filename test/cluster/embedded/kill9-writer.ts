// Child process of kill9.test.ts: writes into an embedded world as fast as it can and prints "ACK ..." after each
// write resolved (and "INTENT ..." before a delete), until it is killed with SIGKILL. Small compaction threshold so kills also land during snapshots.
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import type { KubeObject } from "../../../src/cluster/object.js";
import { glooKinds } from "../../../src/gloo/kinds.js";

const [dataDir, prefix] = process.argv.slice(2);
const world = await EmbeddedWorld.open({ dataDir, compactAfterBytes: 64 * 1024 });
if (!world.hasCluster("victim")) world.createCluster("victim", { namespaces: ["gloo-system"] });
const client = world.client("victim");
process.stdout.write("READY\n");
for (let i = 0; ; i++) {
  const name = `${prefix}-${i}`;
  const created = await client.create<KubeObject>(glooKinds.Upstream, {
    apiVersion: "gloo.solo.io/v1",
    kind: "Upstream",
    metadata: { name, namespace: "gloo-system" },
    spec: { static: { hosts: [{ addr: "10.0.0.1", port: i }] } },
  });
  process.stdout.write(`ACK create ${name} ${created.metadata.resourceVersion}\n`);
  if (i % 3 === 2) {
    const victim = `${prefix}-${i - 1}`;
    process.stdout.write(`INTENT delete ${victim}\n`); // a kill before its ACK may or may not find it done
    await client.delete(glooKinds.Upstream, "gloo-system", victim);
    process.stdout.write(`ACK delete ${victim}\n`);
  }
}

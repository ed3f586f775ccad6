import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { LEASE_NAME } from "../../src/controller/leader-election.js";
import { writeRegistration } from "../../src/clusters/registration.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { createFedplaneClient } from "../../src/sdk/client.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const REPLICAS = 3;
const OBJECTS = 60;
const LEASE = { duration: "3s", renew: "2s", retry: "500ms" };
const PATIENT = { timeoutMs: 120_000, intervalMs: 250 };
type Lease = KubeObject & { spec: { holderIdentity?: string; leaseTransitions?: number } };

interface Replica {
  pod: string;
  child: ChildProcess;
  url: Promise<string>;
  output: () => string;
}

/** `fedplane serve` as a real separate process (from the sources, as test/cli does), with its own POD_NAME. */
function startReplica(pod: string, args: string[]): Replica {
  const child = spawn(process.execPath, ["--import", "./tools/swc-loader/register.mjs", "src/cli/main.ts", "serve", ...args], {
    cwd: root,
    env: { ...process.env, POD_NAME: pod, NO_COLOR: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", () => {
      const m = /GraphQL:\s+POST (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`replica ${pod} exited (${code}) before serving:\n${out}`)));
  });
  url.catch(() => {});
  return { pod, child, url, output: () => out };
}

function upstreams(namespace: string, target: string, from: number, to: number): string {
  const docs: string[] = [];
  for (let i = from; i < to; i++) {
    docs.push(
      `apiVersion: fed.gloo.solo.io/v1\nkind: FederatedUpstream\nmetadata: {name: up-${i}, namespace: ${namespace}}\n` +
        `spec:\n  placement: {clusters: [east], namespaces: [${target}]}\n  template:\n    metadata: {name: up-${i}}\n    spec: {static: {hosts: [{addr: "10.0.0.${i % 250}", port: 80}]}}\n`,
    );
  }
  return docs.join("---\n");
}

describeWithControlPlanes("failover between fedplane processes (kill -9 of the leader)", (planes) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const namespace = `ha-${suffix}`;
  const target = `ha-apps-${suffix}`;
  let admin: KubernetesClusterClient;
  let east: KubernetesClusterClient;
  const replicas: Replica[] = [];
  // Every replica authenticates the same administrator (a static token in system:masters): a client keeps working
  // whichever replica it reaches.
  const tokenDir = mkdtempSync(join(tmpdir(), "fedplane-ha-tokens-"));
  const token = randomBytes(24).toString("base64url");
  writeFileSync(join(tokenDir, "tokens.csv"), `${token},ha-admin,ha-admin-uid,"system:masters"\n`, { mode: 0o600 });

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    east = KubernetesClusterClient.fromFile("east", planes.workloads[0].kubeconfigPath);
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    await writeRegistration(admin, { cluster: "east", federationNamespace: namespace, kubeconfig: readFileSync(planes.workloads[0].kubeconfigPath, "utf8") });
    const args = [
      "--kubeconfig", planes.admin.kubeconfigPath, "--federation-namespace", namespace, "--no-local-cluster", "--port", "0", "--token-auth-file", join(tokenDir, "tokens.csv"),
      "--leader-elect-lease-duration", LEASE.duration, "--leader-elect-renew-deadline", LEASE.renew, "--leader-elect-retry-period", LEASE.retry,
    ];
    for (let i = 0; i < REPLICAS; i++) replicas.push(startReplica(`replica-${i}`, args));
    await Promise.all(replicas.map((r) => r.url));
  });

  afterAll(async () => {
    for (const r of replicas) {
      if (r.child.exitCode === null && r.child.signalCode === null) {
        r.child.kill("SIGTERM");
        await new Promise((resolve) => r.child.once("exit", resolve));
      }
    }
    await admin?.delete(core.namespaces, undefined, namespace).catch(() => {});
    await east?.delete(core.namespaces, undefined, target).catch(() => {});
    await admin?.close();
    await east?.close();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it("one replica leads; after kill -9 of it in the middle of a bulk apply another takes over and everything reaches PLACED", async () => {
    const holderPod = async () => {
      const lease = await admin.get<Lease>(core.leases, namespace, LEASE_NAME);
      const holder = lease.spec.holderIdentity ?? "";
      expect(holder).toMatch(/^replica-\d_[0-9a-f]+$/);
      return holder.split("_")[0];
    };
    const leaderPod = await eventually(holderPod, PATIENT);
    const leader = replicas.find((r) => r.pod === leaderPod)!;
    const followers = replicas.filter((r) => r !== leader);
    const client = createFedplaneClient({ url: await followers[0].url, token });
    try {
      // Each replica says whether it leads, in its metrics.
      for (const r of replicas) {
        const text = await (await fetch((await r.url).replace(/graphql$/, "metrics"))).text();
        expect(text).toContain(`leader_election_master_status{name="fedplane"} ${r === leader ? 1 : 0}`);
      }
      await client.applyManifest({ manifest: upstreams(namespace, target, 0, OBJECTS / 2) });
      const applying = client.applyManifest({ manifest: upstreams(namespace, target, OBJECTS / 2, OBJECTS) });
      const killedAt = Date.now();
      leader.child.kill("SIGKILL");
      await applying; // acknowledged by a follower: written to the admin cluster whoever leads

      const newLeader = await eventually(async () => {
        const pod = await holderPod();
        expect(pod).not.toBe(leaderPod);
        return pod;
      }, PATIENT);
      const takeoverMs = Date.now() - killedAt;

      const list = await eventually(async () => {
        const items = (await admin.list<KubeObject>({ group: "fed.gloo.solo.io", version: "v1", kind: "FederatedUpstream", plural: "federatedupstreams", namespaced: true }, { namespace })).items;
        expect(items).toHaveLength(OBJECTS);
        expect(items.filter((o) => o.status?.placementStatus?.state !== "PLACED").map((o) => o.metadata.name)).toEqual([]);
        return items;
      }, PATIENT);
      const placed = await east.list<KubeObject>(glooKinds.Upstream, { namespace: target });
      expect(placed.items.map((o) => o.metadata.name).sort()).toEqual(Array.from({ length: OBJECTS }, (_, i) => `up-${i}`).sort());
      // Statuses written after the kill name only the two leaders the Lease had.
      const writers = new Set(list.map((o) => o.status.placementStatus.writtenBy));
      for (const w of writers) expect([leaderPod, newLeader]).toContain(w);
      expect((await admin.get<Lease>(core.leases, namespace, LEASE_NAME)).spec.leaseTransitions).toBe(1);
      console.log(`failover: ${leaderPod} killed, ${newLeader} held the lease ${takeoverMs} ms later (lease duration ${LEASE.duration})`);
    } finally {
      await client.close();
    }
  }, 240_000);
});

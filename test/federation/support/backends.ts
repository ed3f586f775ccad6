import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { ClusterClient } from "../../../src/cluster/client.js";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { isAlreadyExists } from "../../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../../src/cluster/kubernetes/client.js";
import { core } from "../../../src/cluster/resource-type.js";
import { connectCluster } from "../../../src/clusters/connector.js";
import { EmbeddedMembers } from "../../../src/clusters/embedded-members.js";
import { removeRegistration, writeRegistration } from "../../../src/clusters/registration.js";
import type { SharedControlPlanes } from "../../support/controlplanes.js";
import { TcpProxy } from "../../support/tcp-proxy.js";

/**
 * Where the federation end-to-end scenarios run: the embedded world, or real kube-apiservers. Scenarios use only this
 * interface, so they are written once.
 */
export interface FederationBackend {
  readonly name: "embedded" | "kubernetes";
  /** The admin cluster (federated objects, KubernetesClusters, Secrets). */
  readonly admin: ClusterClient;
  /** Federation namespace, and the namespace of the federated objects (unique per suite on shared clusters). */
  readonly namespace: string;
  /** Member clusters, by their registered names. */
  readonly memberNames: readonly string[];
  /** kubeconfig text -> client, for the registry. */
  connect(name: string, kubeconfig: string): ClusterClient;
  /** A direct client of a member cluster for assertions and tampering (never affected by simulated outages). */
  member(name: string): ClusterClient;
  register(name: string, labels?: Record<string, string>): Promise<void>;
  deregister(name: string): Promise<void>;
  /** Simulates losing (and regaining) the network path from fedplane to a member cluster. */
  setReachable(name: string, reachable: boolean): void | Promise<void>;
  /** A fresh namespace name for one test's placements. */
  uniqueNamespace(prefix: string): string;
  close(): Promise<void>;
}

const suffix = () => randomBytes(3).toString("hex");

export async function embeddedBackend(): Promise<FederationBackend> {
  const world = await EmbeddedWorld.open();
  const namespace = "gloo-system";
  world.createCluster("admin", { namespaces: [namespace] });
  const admin = world.client("admin");
  const members = new EmbeddedMembers({ world, admin, namespace });
  const memberNames = ["east", "west"];
  return {
    name: "embedded",
    admin,
    namespace,
    memberNames,
    connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { embedded: (n) => world.client(n) }),
    member: (name) => (name === "local" ? world.client("admin", { faults: false }) : world.client(name, { faults: false })),
    register: (name, labels) => members.register(name, { labels }),
    // The admin half only: the embedded cluster stays, so tests can see what fedplane left in it.
    deregister: async (name) => void (await removeRegistration(admin, { cluster: name, federationNamespace: namespace, waitMs: 30_000 })),
    setReachable: (name, reachable) => world.setReachable(name === "local" ? "admin" : name, reachable),
    uniqueNamespace: (prefix) => `${prefix}-${suffix()}`,
    close: () => world.close(),
  };
}

/**
 * The shared control planes: admin + two workload clusters registered as east and west through TCP proxies, so a
 * cluster can be made unreachable for fedplane (the proxy drops and refuses connections) while tests still reach it.
 */
export async function kubernetesBackend(
  planes: SharedControlPlanes,
  options: { namespace?: string; admin?: ClusterClient; close?: () => Promise<void> } = {},
): Promise<FederationBackend> {
  const namespace = options.namespace ?? `fed-${suffix()}`;
  const admin = options.admin ?? KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
  await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }).catch((e) => {
    if (!isAlreadyExists(e) && !options.namespace) throw e;
  });
  const memberNames = ["east", "west"];
  const planeOf = new Map(memberNames.map((name, i) => [name, planes.workloads[i]]));
  const proxies = new Map<string, TcpProxy>();
  const clients = new Map<string, ClusterClient>();
  for (const [name, plane] of planeOf) {
    const target = new URL(plane.server);
    proxies.set(name, await TcpProxy.start({ host: target.hostname, port: Number(target.port) }));
    clients.set(name, KubernetesClusterClient.fromFile(name, plane.kubeconfigPath));
  }
  const kubeconfigVia = (name: string) => {
    const plane = planeOf.get(name)!;
    const config = parse(readFileSync(plane.kubeconfigPath, "utf8"));
    config.clusters[0].cluster.server = `https://${proxies.get(name)!.address}`;
    return stringify(config);
  };
  return {
    name: "kubernetes",
    admin,
    namespace,
    memberNames,
    connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { kubernetes: { requestTimeoutMs: 5_000, probeTimeoutMs: 2_000 } }),
    member: (name) => (name === "local" ? admin : clients.get(name)!),
    register: async (name, labels) => {
      await writeRegistration(admin, { cluster: name, federationNamespace: namespace, clusterLabels: labels, kubeconfig: kubeconfigVia(name) });
    },
    deregister: async (name) => {
      await removeRegistration(admin, { cluster: name, federationNamespace: namespace, waitMs: 30_000 });
    },
    setReachable: (name, reachable) => proxies.get(name)!.setReachable(reachable),
    uniqueNamespace: (prefix) => `${prefix}-${suffix()}`,
    async close() {
      for (const proxy of proxies.values()) await proxy.close();
      for (const client of clients.values()) await client.close();
      await admin.close();
      await options.close?.();
    },
  };
}

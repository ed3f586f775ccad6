import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { ClusterClient } from "../../src/cluster/client.js";
import { isApiError } from "../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { connectCluster } from "../../src/clusters/connector.js";

const TOKEN = "s3cr3t-token-DO-NOT-LEAK";

const kubeconfig = (server: string, user: object = { token: TOKEN }) =>
  stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server } }],
    users: [{ name: "u", user }],
    contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
    "current-context": "ctx",
  });

describe("connectCluster", () => {
  it("maps embedded://<name> to the embedded world", () => {
    const embedded = { name: "cluster-a" } as ClusterClient;
    const asked: string[] = [];
    const client = connectCluster("a", kubeconfig("embedded://cluster-a", {}), {
      embedded: (name) => {
        asked.push(name);
        return embedded;
      },
    });
    expect(client).toBe(embedded);
    expect(asked).toEqual(["cluster-a"]);
  });

  it("says so when an embedded cluster is asked for but there are none", () => {
    let err: unknown;
    try {
      connectCluster("a", kubeconfig("embedded://cluster-a"));
    } catch (e) {
      err = e;
    }
    expect(isApiError(err, "Invalid")).toBe(true);
    expect((err as Error).message).toContain('embedded cluster "cluster-a"');
  });

  it("maps anything else to a Kubernetes client", async () => {
    const client = connectCluster("west", kubeconfig("https://10.9.8.7:6443"), { embedded: () => ({}) as ClusterClient });
    expect(client).toBeInstanceOf(KubernetesClusterClient);
    expect((client as KubernetesClusterClient).server).toBe("https://10.9.8.7:6443");
    await client.close();
  });

  it("validates before choosing and names the Secret without echoing it", () => {
    let err: unknown;
    try {
      connectCluster("west", kubeconfig("https://10.9.8.7:6443", { exec: { command: "get-token", args: [TOKEN] } }), {
        origin: "Secret gloo-system/west",
      });
    } catch (e) {
      err = e;
    }
    expect(isApiError(err, "Invalid")).toBe(true);
    expect((err as Error).message).toContain("Secret gloo-system/west");
    expect((err as Error).message).not.toContain(TOKEN);
  });
});

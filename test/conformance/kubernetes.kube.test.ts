import { readFileSync } from "node:fs";
import { describe } from "vitest";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { sharedControlPlanes } from "../support/controlplanes.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { installGadgetCrd } from "./gadget.js";
import { describeConformance } from "./suite.js";

/**
 * The conformance suite against a real kube-apiserver (a shared workload control plane), through the Kubernetes
 * backend. The client reaches the server through a TCP forwarder, which is how "unreachable" is simulated: the
 * network is cut, the API server keeps running. History expiry and restarts are not cases for a shared server.
 */
const planes = sharedControlPlanes();
if (!planes) describe.skip("cluster conformance: kubernetes (no control planes)", () => {});
else {
  const plane = planes.workloads[0] ?? planes.admin;
  describeConformance("kubernetes", {
    capabilities: { unreachable: true, expireHistory: false, restart: false, schemas: true },
    async setup() {
      const server = new URL(plane.server);
      const proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
      const kubeconfig = readFileSync(plane.kubeconfigPath, "utf8").replaceAll(plane.server, `https://${proxy.address}`);
      const client = KubernetesClusterClient.fromKubeconfigText(plane.name, kubeconfig, { origin: plane.kubeconfigPath });
      await installGadgetCrd(client);
      return {
        client,
        setReachable: (reachable) => proxy.setReachable(reachable),
        async cleanup() {
          await client.close();
          await proxy.close();
        },
      };
    },
  });
}

import { createHash } from "node:crypto";
import type { KubeObject } from "../../cluster/object.js";
import { apiVersionOf, core, type ResourceType } from "../../cluster/resource-type.js";
import { glooKinds } from "../../gloo/kinds.js";

/**
 * The objects a Helm install of Gloo Edge leaves in a cluster, trimmed to what health reads: the namespace, the
 * `gloo` and `gateway-proxy` Deployments, one Pod each, the proxy Service and Settings `default`. Statuses are those
 * of a healthy, running installation (no kubelet or controller-manager writes them in the sandbox).
 */
export interface InstallationOptions {
  namespace?: string;
  version?: string;
  enterprise?: boolean;
}

export interface SimulatedObject {
  type: ResourceType;
  object: KubeObject;
}

export const SIMULATED_BY_ANNOTATION = "fedplane.io/simulated-by";
export const SIMULATOR_NAME = "fedplane-gloo-simulator";

const shortHash = (text: string, length: number) =>
  createHash("sha256").update(text).digest("hex").replace(/[^a-z0-9]/g, "").slice(0, length);

const obj = (type: ResourceType, metadata: KubeObject["metadata"], rest: Partial<KubeObject>): SimulatedObject => ({
  type,
  object: {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    metadata: { ...metadata, annotations: { [SIMULATED_BY_ANNOTATION]: SIMULATOR_NAME, ...(metadata.annotations ?? {}) } },
    ...rest,
  },
});

interface Component {
  name: string;
  container: string;
  image: string;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
}

const now = () => new Date().toISOString();

export function deploymentStatus(replicas: number, readyReplicas = replicas): Record<string, unknown> {
  const available = readyReplicas >= replicas;
  const time = now();
  return {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas,
    availableReplicas: readyReplicas,
    conditions: [
      {
        type: "Available",
        status: available ? "True" : "False",
        reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        message: available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
        lastUpdateTime: time,
        lastTransitionTime: time,
      },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", lastUpdateTime: time, lastTransitionTime: time },
    ],
  };
}

/** A running, ready pod's status. */
export function runningPodStatus(container: string, image: string): Record<string, unknown> {
  const time = now();
  return {
    phase: "Running",
    conditions: ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: time })),
    containerStatuses: [{ name: container, image, imageID: image, ready: true, started: true, restartCount: 0, state: { running: { startedAt: time } } }],
    startTime: time,
  };
}

/** What a kubelet reports for a container that keeps exiting. */
export function crashLoopPodStatus(container: string, image: string, restarts: number): Record<string, unknown> {
  const time = now();
  return {
    phase: "Running",
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: time },
      { type: "Initialized", status: "True", lastTransitionTime: time },
      { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: `containers with unready status: [${container}]` },
      { type: "Ready", status: "False", reason: "ContainersNotReady", message: `containers with unready status: [${container}]` },
    ],
    containerStatuses: [
      {
        name: container,
        image,
        imageID: image,
        ready: false,
        started: false,
        restartCount: restarts,
        state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${container}` } },
        lastState: { terminated: { reason: "Error", exitCode: 1, startedAt: time, finishedAt: time } },
      },
    ],
  };
}

function component(c: Component, namespace: string, salt: string): SimulatedObject[] {
  const templateHash = shortHash(`${salt}/${namespace}/${c.name}`, 10);
  const deployment = obj(
    core.deployments,
    { name: c.name, namespace, labels: c.labels },
    {
      spec: {
        replicas: 1,
        selector: { matchLabels: c.podLabels },
        template: {
          metadata: { labels: c.podLabels },
          spec: { containers: [{ name: c.container, image: c.image }] },
        },
      },
      status: deploymentStatus(1),
    },
  );
  const pod = obj(
    core.pods,
    { name: `${c.name}-${templateHash}-${shortHash(`${templateHash}/pod`, 5)}`, namespace, labels: { ...c.podLabels, "pod-template-hash": templateHash } },
    {
      spec: { containers: [{ name: c.container, image: c.image }], automountServiceAccountToken: false },
      status: runningPodStatus(c.container, c.image),
    },
  );
  return [deployment, pod];
}

/** A healthy Gloo installation; `salt` (the cluster's name) keeps pod names distinct across clusters. */
export function glooInstallation(salt: string, options: InstallationOptions = {}): SimulatedObject[] {
  const namespace = options.namespace ?? "gloo-system";
  const version = options.version ?? "1.17.0";
  const ee = options.enterprise ? "-ee" : "";
  const proxyPodLabels = { gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy", "gateway-proxy": "live" };
  return [
    obj(core.namespaces, { name: namespace }, {}),
    ...component(
      {
        name: "gloo",
        container: "gloo",
        image: `quay.io/solo-io/gloo${ee}:${version}`,
        labels: { app: "gloo", gloo: "gloo" },
        podLabels: { gloo: "gloo" },
      },
      namespace,
      salt,
    ),
    ...component(
      {
        name: "gateway-proxy",
        container: "gateway-proxy",
        image: `quay.io/solo-io/gloo${ee}-envoy-wrapper:${version}`,
        labels: { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy" },
        podLabels: proxyPodLabels,
      },
      namespace,
      salt,
    ),
    obj(
      core.services,
      { name: "gateway-proxy", namespace, labels: { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy" } },
      {
        spec: {
          type: "ClusterIP",
          selector: { "gateway-proxy-id": "gateway-proxy", "gateway-proxy": "live" },
          ports: [
            { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
            { name: "https", port: 443, targetPort: 8443, protocol: "TCP" },
          ],
        },
      },
    ),
    obj(
      glooKinds.Settings,
      { name: "default", namespace, labels: { app: "gloo", gloo: "settings" } },
      {
        spec: {
          discoveryNamespace: namespace,
          gloo: { xdsBindAddr: "0.0.0.0:9977", restXdsBindAddr: "0.0.0.0:9976" },
          gateway: { validation: { proxyValidationServerAddr: "gloo:9988" } },
          kubernetesArtifactSource: {},
          kubernetesConfigSource: {},
          kubernetesSecretSource: {},
        },
      },
    ),
  ];
}

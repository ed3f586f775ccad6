import { InvalidArgumentError, type Command } from "commander";
import { FEDERATION_NAMESPACE } from "../../federation/kinds.js";
import { integer, oneOf } from "../options.js";
import { age, table } from "../render/table.js";
import { withServer, withServerOption } from "../server.js";
import { progressOn, styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

interface RemoteFlags {
  server?: string;
  clusterName: string;
  remoteContext?: string;
  remoteKubeconfig?: string;
  remoteNamespace: string;
  federationNamespace: string;
}

interface RegisterFlags extends RemoteFlags {
  remoteServer?: string;
  label: Record<string, string>;
  tokenWaitSeconds: number;
}

const label = (value: string, previous: Record<string, string> = {}) => {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`labels are key=value, got "${value}".`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
};

function remoteOptions(command: Command): Command {
  return withServerOption(command)
    .requiredOption("--cluster-name <name>", "name of the cluster in fedplane (also the ServiceAccount's name)")
    .option("--remote-context <context>", "kubeconfig context of the cluster (real clusters)")
    .option("--remote-kubeconfig <file>", `kubeconfig with that context (default: $KUBECONFIG or ~/.kube/config)`)
    .option("--remote-namespace <namespace>", "namespace of the ServiceAccount in the cluster, where Gloo runs", FEDERATION_NAMESPACE)
    .option("--federation-namespace <namespace>", "namespace of KubernetesClusters on the admin cluster (must be the server's)", FEDERATION_NAMESPACE);
}

/** The Kubernetes client is loaded only for real clusters: it is most of the CLI's start-up time. */
async function remoteAccess() {
  const [{ KubernetesClusterClient }, remote, registration] = await Promise.all([
    import("../../cluster/kubernetes/client.js"),
    import("../../clusters/registration-remote.js"),
    import("../../clusters/registration.js"),
  ]);
  return { KubernetesClusterClient, ...remote, ...registration };
}

const isReal = (flags: RemoteFlags) => flags.remoteContext !== undefined || flags.remoteKubeconfig !== undefined;

export const registerCluster: RegisterCommand = (program: Command) => {
  const cluster = program.command("cluster").description("Register, deregister and list member clusters.");

  remoteOptions(
    cluster
      .command("register")
      .description(
        "Register a cluster. A real one (--remote-context): as glooctl cluster register, a ServiceAccount, its token " +
          "Secret, the ClusterRole gloo-federation-controller and a binding are created in it with your credentials, " +
          "and fedplane gets a kubeconfig with the ServiceAccount's token only. Without --remote-context, the embedded " +
          "default creates an embedded cluster.",
      ),
  )
    .option("--remote-server <url>", "API server URL fedplane should use, when it differs from the kubeconfig's")
    .option("--label <key=value>", "KubernetesCluster label, for placement clusterSelectors (repeatable)", label, {})
    .option("--token-wait-seconds <seconds>", "how long to wait for the token controller before using the TokenRequest API", integer("token-wait-seconds", 0, 600), 5)
    .action((flags: RegisterFlags) => register(flags));

  remoteOptions(
    cluster
      .command("deregister")
      .description(
        "Deregister a cluster: fedplane first removes what it placed there, then drops its credentials. With " +
          "--remote-context, the ServiceAccount, token Secret and RBAC objects are removed from the cluster too.",
      ),
  ).action((flags: RemoteFlags) => deregister(flags));

  withServerOption(cluster.command("list").description("List the registered clusters: readiness, Kubernetes version, last error."))
    .option("-o, --output <format>", "table or json", oneOf(["table", "json"] as const), "table")
    .action((flags: { server?: string; output: "table" | "json" }) => listClusters(flags));
};

async function register(flags: RegisterFlags): Promise<void> {
  const progress = progressOn(process.stderr, true);
  await withServer(flags.server, async (client, url) => {
    progress.step(`asking fedplane at ${url}`);
    const { serverInfo } = await client.serverInfo();
    requireNamespace(flags, serverInfo.federationNamespace);
    if ((await client.cluster({ name: flags.clusterName })).cluster) {
      throw new Error(`cluster ${flags.clusterName} is already registered; deregister it first or choose another --cluster-name`);
    }
    if (!isReal(flags)) {
      progress.step(`creating embedded cluster ${flags.clusterName}`);
      const { registerCluster } = await client.registerCluster({ input: { name: flags.clusterName, labels: flags.label } });
      progress.done();
      process.stdout.write(`Registered embedded cluster ${registerCluster.name}.\n`);
      return;
    }
    const { remoteTargetFromKubeconfig, grantAccess, revokeAccess } = await remoteAccess();
    const remote = remoteTargetFromKubeconfig(flags.clusterName, {
      kubeconfigPath: flags.remoteKubeconfig,
      context: flags.remoteContext,
      serverOverride: flags.remoteServer,
    });
    try {
      const access = await grantAccess(remote, {
        cluster: flags.clusterName,
        remoteNamespace: flags.remoteNamespace,
        tokenWaitMs: flags.tokenWaitSeconds * 1000,
        onProgress: (step) => progress.step(step),
      });
      progress.step(`registering ${flags.clusterName} with fedplane at ${url}`);
      try {
        await client.registerCluster({
          input: { name: flags.clusterName, labels: flags.label, kubeconfig: access.kubeconfig, tokenExpiresAt: access.tokenExpiresAt },
        });
      } catch (e) {
        await revokeAccess(remote.client, { cluster: flags.clusterName, remoteNamespace: flags.remoteNamespace }).catch(() => undefined);
        throw e;
      }
      progress.done();
      const expiry = access.tokenExpiresAt ? ` Its token expires at ${access.tokenExpiresAt} (no token controller filled the token Secret, so fedplane asked the TokenRequest API).` : "";
      process.stdout.write(`Registered cluster ${flags.clusterName} (${remote.description}).${expiry}\n`);
    } finally {
      progress.done();
      await remote.client.close();
    }
  });
}

function requireNamespace(flags: RemoteFlags, serverNamespace: string) {
  if (flags.federationNamespace !== serverNamespace) {
    throw new Error(`the fedplane server keeps clusters in namespace ${serverNamespace}, not ${flags.federationNamespace}: pass --federation-namespace ${serverNamespace}`);
  }
}

async function deregister(flags: RemoteFlags): Promise<void> {
  const progress = progressOn(process.stderr, true);
  await withServer(flags.server, async (client) => {
    const { serverInfo } = await client.serverInfo();
    requireNamespace(flags, serverInfo.federationNamespace);
    const { cluster } = await client.cluster({ name: flags.clusterName });
    if (!cluster) throw new Error(`cluster ${flags.clusterName} is not registered; \`fedplane cluster list\` shows the registered ones`);
    progress.step(`removing what fedplane placed in ${flags.clusterName}, then its registration`);
    await client.deregisterCluster({ name: flags.clusterName });
    progress.done();
    process.stdout.write(`Deregistered cluster ${flags.clusterName}.\n`);
    if (isReal(flags)) {
      const { KubernetesClusterClient, defaultKubeconfigPath, revokeAccess } = await remoteAccess();
      const remote = KubernetesClusterClient.fromFile(flags.clusterName, flags.remoteKubeconfig ?? defaultKubeconfigPath(), { context: flags.remoteContext });
      try {
        const removed = await revokeAccess(remote, { cluster: flags.clusterName, remoteNamespace: flags.remoteNamespace, onProgress: (s) => progress.step(s) });
        progress.done();
        process.stdout.write(`Removed from the cluster: ${removed.length ? removed.join(", ") : "nothing (already gone)"}.\n`);
      } finally {
        progress.done();
        await remote.close();
      }
    } else if (serverInfo.backend === "kubernetes" || !cluster.kubernetesVersion?.includes("embedded")) {
      process.stderr.write(
        `If ${flags.clusterName} was registered with --remote-context, its ServiceAccount, token Secret and RBAC objects are still ` +
          `in it: run \`fedplane cluster deregister --cluster-name ${flags.clusterName} --remote-context <context>\` to remove them.\n`,
      );
    }
  });
}

async function listClusters(flags: { server?: string; output: "table" | "json" }): Promise<void> {
  const { clusters } = await withServer(flags.server, (client) => client.clusters());
  if (flags.output === "json") {
    process.stdout.write(`${JSON.stringify(clusters, null, 2)}\n`);
    return;
  }
  const style = styleFor();
  const rows = clusters.map((c) => [
    c.name + (c.local ? " (admin)" : ""),
    c.ready ? style.ok("True") : style.error("False"),
    c.kubernetesVersion ?? "",
    c.registration?.state ?? "",
    c.lastProbeTime ? age(c.lastProbeTime) : "",
    c.lastError ?? "",
  ]);
  process.stdout.write(table(["NAME", "READY", "VERSION", "REGISTRATION", "PROBED", "LAST ERROR"], rows));
}

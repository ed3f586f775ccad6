import type { Command } from "commander";
import type { FedplaneOptions } from "../../app/fedplane.js";
import { runningInCluster, serviceAccountDir } from "../../cluster/kubernetes/in-cluster.js";
import { createLogger, logLevels, type LogLevel } from "../../app/logger.js";
import { version } from "../../app/version.js";
import { integer, oneOf } from "../options.js";
import { untilSignal } from "../signals.js";
import type { RegisterCommand } from "./index.js";

interface ServeFlags {
  host: string;
  port: number;
  dataDir: string;
  inMemory?: boolean;
  kubeconfig?: string;
  inCluster?: boolean;
  context?: string;
  federationNamespace: string;
  localCluster: boolean;
  simulatedGloo: boolean;
  embeddedClusters: number;
  logLevel: LogLevel;
}

const parsePort = integer("port", 0, 65_535);

function defaultPort(): number {
  const env = process.env.PORT;
  if (env === undefined || env === "") return 4000;
  try {
    return parsePort(env);
  } catch {
    throw new Error(`PORT=${env} is not a port number (0-65535); unset it or pass --port.`);
  }
}

export const registerServe: RegisterCommand = (program: Command) => {
  program
    .command("serve")
    .description(
      "Run the control plane and its GraphQL API. By default everything is embedded: an admin cluster and workload " +
        "clusters run in this process, persisted under --data-dir. With --kubeconfig the admin cluster is a real one.",
    )
    .option("--host <address>", "address to listen on; anything but loopback exposes an API without authentication", "127.0.0.1")
    .option("--port <port>", "port to listen on, 0 for any free port (default: $PORT or 4000)", parsePort)
    .option("--data-dir <dir>", "where embedded clusters keep their data", ".fedplane")
    .option("--in-memory", "keep embedded clusters in memory only; nothing is written and everything is gone on exit")
    .option("--kubeconfig <file>", "admin cluster: a real Kubernetes cluster holding the CRDs, federated resources and registered clusters")
    .option("--context <name>", "kubeconfig context of the admin cluster (default: the current context)")
    .option(
      "--in-cluster",
      "admin cluster: the one this Pod runs in, through its ServiceAccount (the default in a Pod when --kubeconfig is not given)",
    )
    .option("--federation-namespace <namespace>", "namespace of KubernetesCluster objects and their kubeconfig Secrets", "gloo-system")
    .option("--no-local-cluster", 'do not register the admin cluster itself as the member cluster "local"')
    .option("--no-simulated-gloo", "embedded clusters: do not install the simulated Gloo that stands in for a real one (see docs/health.md)")
    .option(
      "--embedded-clusters <count>",
      "embedded workload clusters (cluster-1 .. cluster-N) created on the first start of a data dir; ignored with --kubeconfig",
      integer("embedded-clusters", 0, 1000),
      2,
    )
    .option("--log-level <level>", `log verbosity: ${logLevels.join(", ")}`, oneOf(logLevels), "info")
    .action(async (flags: ServeFlags) => serve(flags));
};

async function serve(flags: ServeFlags): Promise<void> {
  const logger = createLogger({ level: flags.logLevel });
  // In a Pod, the embedded default would keep state in the container, lost on every restart: use the cluster instead.
  const inCluster = !flags.kubeconfig && (flags.inCluster || runningInCluster());
  const options: FedplaneOptions = {
    host: flags.host,
    port: flags.port ?? defaultPort(),
    dataDir: flags.inMemory ? undefined : flags.dataDir,
    kubeconfig: flags.kubeconfig,
    inCluster,
    context: flags.context,
    federationNamespace: flags.federationNamespace,
    localCluster: flags.localCluster,
    embeddedClusters: flags.embeddedClusters,
    simulateGloo: flags.simulatedGloo,
    logger,
  };
  // Loaded here, not at the top: the other commands start without the server's modules.
  const { createFedplane } = await import("../../app/fedplane.js");
  const app = await createFedplane(options);
  const where = flags.kubeconfig
    ? `admin cluster from ${flags.kubeconfig}`
    : inCluster
      ? `the admin cluster this Pod runs in, as its ServiceAccount (${serviceAccountDir()})`
      : flags.inMemory
        ? "embedded clusters in memory"
        : `embedded clusters in ${flags.dataDir}`;
  process.stdout.write(
    `fedplane ${version} is running (${where}).\n` +
      `  Console:     open ${app.url.replace(/graphql$/, "")} in a browser\n` +
      `  Playground:  open ${app.url} in a browser\n` +
      `  GraphQL:     POST ${app.url}   subscriptions: ${app.wsUrl}\n` +
      `Press Ctrl-C to stop.\n`,
  );
  const signal = await untilSignal((again) => {
    logger.error(`received ${again} again; exiting without finishing shutdown`);
    process.exit(1);
  });
  logger.info(`received ${signal}; shutting down`);
  await app.stop();
  logger.info("stopped");
}

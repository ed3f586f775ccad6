import { createServer } from "node:net";
import { InvalidArgumentError, type Command } from "commander";
import type { FedplaneOptions } from "../../app/fedplane.js";
import { runningInCluster, serviceAccountDir } from "../../cluster/kubernetes/in-cluster.js";
import { createLogger, logLevels, type LogLevel } from "../../app/logger.js";
import { version } from "../../app/version.js";
import { integer, list, oneOf } from "../options.js";
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
  tokenAuthFile?: string;
  tokenReviewAudience: string[];
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  allowedHost: string[];
  insecureAllowHttp?: boolean;
  auditLog?: string;
  unauthenticatedPath?: string[];
  leaderElect?: boolean;
  leaderElectLeaseDuration?: number;
  leaderElectRenewDeadline?: number;
  leaderElectRetryPeriod?: number;
  metricsBindAddress?: string;
}

/** controller-runtime's spellings: --leader-elect=false. */
function parseBoolean(flag: string) {
  return (value: string): boolean => {
    if (value === "true") return true;
    if (value === "false") return false;
    throw new InvalidArgumentError(`${flag} takes true or false, not ${value}.`);
  };
}

/** A Go-style duration as controller-runtime's flags take it ("15s", "500ms", "1m"), in milliseconds. */
function parseDuration(flag: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
    if (!m || Number(m[1]) <= 0) throw new InvalidArgumentError(`${flag} must be a duration such as 15s, 500ms or 1m, not ${value}.`);
    return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as "ms" | "s" | "m"];
  };
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
    .option("--host <address>", "address to listen on; anything but loopback needs --tls-cert-file (or --insecure-allow-http)", "127.0.0.1")
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
    .option("--token-auth-file <file>", 'more users: kube-apiserver\'s static token file, lines of token,user,uid,"group1,group2"')
    .option("--token-review-audience <audience>", "with --kubeconfig: audiences TokenReview requires of tokens (repeatable)", list, [])
    .option("--tls-cert-file <file>", "serve HTTPS and WSS with this PEM certificate (chain)")
    .option("--tls-private-key-file <file>", "the PEM private key of --tls-cert-file")
    .option("--client-ca-file <file>", "with TLS: accept client certificates signed by these CAs (CN = user, O = groups)")
    .option("--allowed-host <name>", "a host name clients use for a non-loopback --host (checked against the Host header; repeatable)", list, [])
    .option("--insecure-allow-http", "allow plain HTTP on a non-loopback --host: tokens cross the network unencrypted")
    .option("--unauthenticated-path <path>", "serve this path without credentials (repeatable; replaces the default /healthz, /livez, /readyz, /metrics)", list)
    .option("--audit-log <file>", "append one JSON line per mutation (user, groups, operation, objects, dry run, outcome, reason)")
    .option("--log-level <level>", `log verbosity: ${logLevels.join(", ")}`, oneOf(logLevels), "info")
    .option(
      "--leader-elect [true|false]",
      "run the write loops only while holding the Lease fedplane in the federation namespace (default: true with --kubeconfig, false embedded)",
      parseBoolean("--leader-elect"),
    )
    .option("--leader-elect-lease-duration <duration>", "how long followers wait before taking over from a silent leader", parseDuration("--leader-elect-lease-duration"), 15_000)
    .option("--leader-elect-renew-deadline <duration>", "how long the leader keeps trying to renew before it stops its write loops", parseDuration("--leader-elect-renew-deadline"), 10_000)
    .option("--leader-elect-retry-period <duration>", "how often candidates try to acquire and the leader renews", parseDuration("--leader-elect-retry-period"), 2_000)
    .option("--metrics-bind-address <host:port>", "serve /metrics on this address instead of the API port (\"0\" turns metrics off)")
    .action(async (flags: ServeFlags) => serve(flags));
};

/**
 * Fails fast, in one line, when the port is taken: before the embedded clusters start, and before the HTTP server's
 * listen error also reaches the WebSocket server (which prints it with a stack trace). A port taken in between is
 * still reported by the HTTP server.
 */
function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new Error(`port ${port} on ${host} is in use: stop what uses it, or pick another port with --port (or PORT)`));
      else resolve(); // other listen problems (address, permission) are explained by the server itself
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function tlsFiles(flags: ServeFlags): FedplaneOptions["tls"] {
  if (!flags.tlsCertFile !== !flags.tlsPrivateKeyFile) throw new Error("--tls-cert-file and --tls-private-key-file go together: pass both");
  if (!flags.tlsCertFile) {
    if (flags.clientCaFile) throw new Error("--client-ca-file needs TLS: pass --tls-cert-file and --tls-private-key-file too");
    return undefined;
  }
  return { certFile: flags.tlsCertFile, keyFile: flags.tlsPrivateKeyFile!, ...(flags.clientCaFile ? { clientCaFile: flags.clientCaFile } : {}) };
}

/** The embedded admin token, once per start on standard output only (never in the log), with a console link that carries it. */
function adminLines(url: string, admin: { token: string; file?: string } | undefined): string {
  const base = url.replace(/\/graphql$/, "/");
  if (!admin) {
    return `  Console:     open ${base} in a browser\n  Credentials: bearer tokens the admin cluster's TokenReview accepts (e.g. kubectl's user's: fedplane --kubeconfig)\n`;
  }
  return (
    `  Admin token: ${admin.token}${admin.file ? `   (kept in ${admin.file}; the CLI on this machine uses it)` : "   (in memory only)"}\n` +
    `  Console:     ${base}#token=${admin.token}\n`
  );
}

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
    tokenAuthFile: flags.tokenAuthFile,
    tls: tlsFiles(flags),
    allowedHosts: flags.allowedHost,
    insecureAllowHttp: flags.insecureAllowHttp,
    auditLog: flags.auditLog,
    unauthenticatedPaths: flags.unauthenticatedPath,
    tokenReviewAudiences: flags.tokenReviewAudience,
    logger,
    leaderElection:
      (flags.leaderElect ?? Boolean(flags.kubeconfig)) && {
        leaseDurationMs: flags.leaderElectLeaseDuration,
        renewDeadlineMs: flags.leaderElectRenewDeadline,
        retryPeriodMs: flags.leaderElectRetryPeriod,
      },
    metrics: flags.metricsBindAddress === "0" ? false : { bindAddress: flags.metricsBindAddress },
  };
  await ensurePortFree(options.host!, options.port!);
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
      `  Playground:  open ${app.url} in a browser\n` +
      `  GraphQL:     POST ${app.url}   subscriptions: ${app.wsUrl}\n` +
      adminLines(app.url, app.adminToken) +
      (app.metricsUrl ? `  Metrics:     ${app.metricsUrl}\n` : "") +
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

import { join } from "node:path";
import type { ClusterClient } from "../cluster/client.js";
import type { ConnectionWatchOptions } from "../clusters/connection.js";
import { Registrations } from "../clusters/registration-service.js";
import { ClusterRegistry } from "../clusters/registry.js";
import { LEASE_NAME, LeaderElector, type LeaseTimings } from "../controller/leader-election.js";
import { Manager } from "../controller/manager.js";
import { startFederation, type Federation } from "../federation/federation.js";
import { FEDERATION_NAMESPACE } from "../federation/kinds.js";
import { createContext, type Services } from "../graphql/context.js";
import { HealthService } from "../health/service.js";
import { SimulatorFleet } from "../health/simulator/fleet.js";
import { buildFedplaneSchema } from "../graphql/schema.js";
import type { Limits } from "../http/limits.js";
import { startServer, type Readiness, type RunningServer, type TlsFiles } from "../http/server.js";
import { createAuthentication, type AuthenticationOptions } from "./authentication.js";
import { AuditLog } from "../auth/audit.js";
import { kubernetesAuditEvents } from "../auth/audit-events.js";
import { applyRbac } from "../auth/rbac-manifest.js";
import { createAuthorizer, type AuthorizationOptions } from "./authorization.js";
import { FedplaneMetrics } from "../metrics/metrics.js";
import { startMetricsServer } from "../metrics/server.js";
import { openEmbedded, openKubernetes, type Backend, type InstrumentClient } from "./backend.js";
import { federatedCrdsItem, statusWritersItem, watchMissingCrds } from "./admin-checks.js";
import { createLogger, type Logger } from "./logger.js";
import { loggedWait } from "./startup-wait.js";
import { playgroundTabs } from "./playground-tabs.js";
import { packageRoot, version } from "./version.js";

export interface FedplaneOptions extends AuthenticationOptions, AuthorizationOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4000; 0 picks a free port. */
  port?: number;
  /** HTTPS/WSS (required on a non-loopback host unless insecureAllowHttp); clientCaFile turns on client certificates. */
  tls?: TlsFiles;
  allowedHosts?: string[];
  insecureAllowHttp?: boolean;
  /** Paths served without credentials (default /healthz, /livez, /readyz, /metrics). */
  unauthenticatedPaths?: string[];
  /** Appends one JSON line per mutation (who, what, outcome) to this file. */
  auditLog?: string;
  /** Embedded default: where the clusters are persisted; omitted: in memory only. */
  dataDir?: string;
  /** A real admin cluster instead of the embedded ones. */
  kubeconfig?: string;
  /** The admin cluster is the one this Pod runs in (its ServiceAccount token); ignored with kubeconfig. */
  inCluster?: boolean;
  context?: string;
  /** Default gloo-system. */
  federationNamespace?: string;
  /** Manage federated resources in this namespace only (default: every namespace). */
  watchNamespace?: string;
  /** Register the admin cluster as the member cluster "local" (default true). */
  localCluster?: boolean;
  /** Embedded workload clusters created on the first start of a data dir (default 2). */
  embeddedClusters?: number;
  logger?: Logger;
  limits?: Partial<Limits>;
  /**
   * Embedded default: run the sandbox's simulated Gloo in each embedded cluster (default true), so health has
   * something real-looking to report. Benchmarks turn it off: it is not part of fedplane.
   */
  simulateGloo?: boolean;
  /** Connection probing of member clusters (tests shorten it). */
  probe?: ConnectionWatchOptions;
  /** Wraps every cluster client (admin and members): counting API calls in tests, metrics later. */
  instrumentClient?: InstrumentClient;
  /**
   * Leader election on the Lease `fedplane` in the federation namespace: only the leader runs the write loops. Default:
   * on with a real admin cluster, off (this process leads) on the embedded default. Timings default to client-go's.
   */
  leaderElection?: boolean | (Partial<LeaseTimings> & { identity?: string });
  /** Prometheus metrics at /metrics on the API port (default), on `bindAddress` (host:port) instead, or none (false). */
  metrics?: false | { bindAddress?: string };
}

export interface Fedplane {
  /** http://host:port/graphql */
  readonly url: string;
  readonly wsUrl: string;
  readonly backend: Backend;
  readonly services: Services;
  /** The federation core (store, member caches, reconciler). */
  readonly federation: Federation;
  /** Runs the controllers; leader election calls its elected() / lostLeadership(). */
  readonly manager: Manager;
  /** Embedded default: the administrator's token (system:masters), kept in <dataDir>/admin-token when there is a data dir. */
  readonly adminToken?: { token: string; file?: string; created: boolean };
  /** The Lease election, when on. */
  readonly elector?: LeaderElector;
  /** Where Prometheus scrapes, when metrics are on. */
  readonly metricsUrl?: string;
  readiness(): Readiness;
  /** Stops the server (draining requests), the controllers and the backend, in that order. */
  stop(): Promise<void>;
}

/**
 * The composition root: opens the backend (embedded world or a real admin cluster), starts the cluster registry, the
 * federation core (caches and reconciler) and the GraphQL server. Anything started is stopped again, in reverse
 * order, when a later step fails or on stop().
 */
export async function createFedplane(options: FedplaneOptions = {}): Promise<Fedplane> {
  const logger = options.logger ?? createLogger();
  const federationNamespace = options.federationNamespace ?? FEDERATION_NAMESPACE;
  const stack: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stack.splice(0).reverse()) {
      await stop().catch((e) => logger.error(`stopping the ${name} failed`, { error: e }));
    }
  };

  try {
    const metrics = options.metrics === false ? undefined : new FedplaneMetrics();
    const given = options.instrumentClient;
    const instrument = metrics ? (c: ClusterClient) => metrics.instrument(given ? given(c) : c) : given;
    const backend = options.kubeconfig || options.inCluster
      ? await openKubernetes({ kubeconfig: options.kubeconfig, context: options.context, federationNamespace, instrument })
      : await openEmbedded({
          dataDir: options.dataDir,
          federationNamespace,
          embeddedClusters: options.embeddedClusters ?? 2,
          logger,
          instrument,
        });
    stack.push({ name: "backend", stop: () => backend.close() });

    const clusters = new ClusterRegistry({
      admin: backend.admin,
      connect: backend.connect,
      namespace: federationNamespace,
      registerLocal: options.localCluster ?? true,
      policyRules: backend.kind === "kubernetes",
      probe: options.probe,
      onError: (message, error) => logger.warn(message, { error }),
    });
    stack.push({ name: "cluster registry", stop: () => clusters.stop() });
    await loggedWait(logger, `the KubernetesCluster registrations and their Secrets in namespace ${federationNamespace} of the admin cluster`, clusters.start());

    const federation = await startFederation({
      registry: clusters,
      namespace: options.watchNamespace,
      startReconciler: false, // the manager runs it
      reconciler: { logger: logger.child({ component: "reconciler" }), metrics: metrics?.controllers },
      waiting: (what, work, detail) => loggedWait(logger, what, work, detail),
    });
    stack.push({ name: "federation", stop: () => federation.stop() });
    const stopCrdWatch = watchMissingCrds(federation.service, logger);
    stack.push({ name: "CRD watch", stop: async () => stopCrdWatch() });

    // The embedded default has no real Gloo: a simulated one in each embedded cluster gives real-looking health.
    if (backend.world && (options.simulateGloo ?? true)) {
      const fleet = new SimulatorFleet(backend.world, clusters, (message) => logger.warn(message));
      await fleet.start();
      stack.push({ name: "Gloo simulator", stop: async () => fleet.stop() });
    }
    const health = new HealthService({
      registry: clusters,
      admin: backend.admin,
      federationNamespace,
      onError: (message) => logger.warn(message, { component: "health" }),
      logger: logger.child({ component: "health" }),
      startWriter: false, // the manager runs it
      metrics: metrics?.controllers,
      adminItems: () => [federatedCrdsItem(federation.service), statusWritersItem(federation.reconciler.statusWriters)],
    });
    await health.start();
    stack.push({ name: "health", stop: () => health.stop() });

    // The controllers that write: only the leader runs them.
    const election = options.leaderElection ?? backend.kind === "kubernetes";
    const manager = new Manager({ logger, leaderElection: Boolean(election) });
    void manager.add(federation.reconciler, { leaderOnly: true });
    if (health.instanceWriter) void manager.add(health.instanceWriter, { leaderOnly: true });
    await manager.start();
    stack.push({ name: "controllers", stop: () => manager.stop() });
    let elector: LeaderElector | undefined;
    if (election) {
      // Losing the lease stops the write loops and this replica stands by (it goes on serving the API); see docs/ha-and-metrics.md.
      elector = new LeaderElector({
        ...(typeof election === "object" ? election : {}),
        client: backend.admin,
        namespace: federationNamespace,
        logger,
        onStartedLeading: () => manager.elected(),
        onStoppedLeading: () => manager.lostLeadership(),
      });
      elector.start();
      // Stopped before the controllers: their write loops stop first, then the Lease is released for the next replica.
      const started = elector;
      stack.push({ name: "leader election", stop: () => started.stop() });
    }

    metrics?.observe({ federation: federation.service, clusters, leading: () => manager.leading, leaseName: LEASE_NAME });

    const authorization = await createAuthorizer(backend, logger, options);
    stack.push({ name: "authorizer", stop: async () => authorization.stop() });

    const auditLog = options.auditLog ? new AuditLog(options.auditLog) : undefined;
    if (auditLog) stack.push({ name: "audit log", stop: () => auditLog.close() });
    // Cluster mode: every mutation is an Event on its object too.
    const auditSinks: Pick<AuditLog, "write">[] = [
      ...(auditLog ? [auditLog] : []),
      ...(backend.kind === "kubernetes" ? [kubernetesAuditEvents(backend.admin, (message, error) => logger.warn(message, { error }))] : []),
    ];
    const audit: Pick<AuditLog, "write"> | undefined = auditSinks.length ? { write: (r, o) => auditSinks.forEach((s) => s.write(r, o)) } : undefined;

    const services: Services = {
      info: { version, backend: backend.kind, federationNamespace, startedAt: new Date() },
      clusters,
      registrations: new Registrations(backend.admin, federationNamespace, backend.connect, backend.embeddedMembers, (name) =>
        Boolean(backend.world?.hasCluster(name)),
      ),
      federation: federation.service,
      health,
      authorizer: authorization.authorizer,
      ...(audit ? { audit } : {}),
      ...(backend.kind === "embedded" ? { rbac: { apply: (documents, o) => applyRbac(backend.admin, documents, o) } } : {}),
      cachedObjects: (cluster, type, namespace) => health.cachedObjects(cluster, type, namespace),
    };
    // Ready to serve while the admin cluster's federated resources are in the cache; a stopped reconciler (another
    // replica leads) does not make this one unready: it still answers reads and accepts writes.
    const readiness = (): Readiness => {
      const waitingFor = federation.store.synced ? [] : ["the federated resources cache (is the admin cluster reachable?)"];
      // Not a reason to be unready (every other kind works), but said: each kind whose CRD is missing.
      const missingCrds = federation.service.missingKinds().map(({ kind, crd }) => `${crd} (${kind})`);
      const readiness = { ready: waitingFor.length === 0, ...(waitingFor.length ? { waitingFor } : {}), ...(missingCrds.length ? { missingCrds } : {}) };
      return readiness;
    };
    const authentication = createAuthentication(backend, options.dataDir, options);
    const server: RunningServer = await startServer({
      schema: buildFedplaneSchema(),
      host: options.host,
      port: options.port,
      logger: logger.child({ component: "http" }),
      authenticator: authentication.authenticator,
      tls: options.tls,
      allowedHosts: options.allowedHosts,
      insecureAllowHttp: options.insecureAllowHttp,
      unauthenticatedPaths: options.unauthenticatedPaths,
      limits: options.limits,
      context: (identity, o) => createContext(services, logger, identity, o),
      readiness,
      playgroundTabs,
      consoleDir: join(packageRoot(), "dist", "console"),
      metrics: metrics && !(options.metrics && options.metrics.bindAddress) ? () => metrics.scrape() : undefined,
      plugins: metrics ? [metrics.graphqlPlugin] : [],
    });
    stack.push({ name: "server", stop: () => server.stop() });
    let metricsUrl = metrics ? server.url.replace(/\/graphql$/, "/metrics") : undefined;
    if (metrics && options.metrics && options.metrics.bindAddress) {
      const metricsServer = await startMetricsServer(options.metrics.bindAddress, () => metrics.scrape());
      stack.push({ name: "metrics server", stop: () => metricsServer.stop() });
      metricsUrl = metricsServer.url;
    }
    logger.info("fedplane is serving", { url: server.url, backend: backend.kind });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      backend,
      services,
      federation,
      manager,
      ...(authentication.admin ? { adminToken: authentication.admin } : {}),
      elector,
      metricsUrl,
      readiness,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

import type { InformerOptions } from "../cluster/informer.js";
import type { ClusterRegistry } from "../clusters/registry.js";
import { MemberCaches } from "./member-caches.js";
import { PlacementFeed } from "./placement-feed.js";
import { Reconciler, type ReconcilerOptions } from "./reconciler.js";
import { FederationService } from "./service.js";
import { FederatedStore } from "./store.js";

export interface FederationOptions {
  /** The cluster registry (its admin client is where federated objects live). Started here if it is not yet. */
  registry: ClusterRegistry;
  /** Manage federated objects in this namespace only (default: all namespaces). */
  namespace?: string;
  /** Start the reconciler at once (default true). Leave it off to have leader election call reconciler.start(). */
  startReconciler?: boolean;
  reconciler?: Omit<ReconcilerOptions, "store" | "registry" | "members" | "feed">;
  /** Tuning of the member-cluster caches (retry backoff, idle watchdog). */
  memberInformers?: Omit<InformerOptions, "labelSelector" | "namespace">;
  /** Wraps the wait for the first lists of the federated kinds, e.g. to log what it waits for (default: just waits). */
  waiting?: (what: string, work: Promise<void>, detail: () => string | undefined) => Promise<void>;
}

/** The federation core, wired: caches, event feed, reconciler and the service the API and CLI call. */
export interface Federation {
  store: FederatedStore;
  members: MemberCaches;
  feed: PlacementFeed;
  reconciler: Reconciler;
  service: FederationService;
  /** Stops the reconciler and the caches (not the registry, which the caller owns). */
  stop(): Promise<void>;
}

export async function startFederation(options: FederationOptions): Promise<Federation> {
  const { registry } = options;
  await registry.start();
  const store = new FederatedStore(registry.admin, { namespace: options.namespace });
  const members = new MemberCaches(registry, options.memberInformers);
  const feed = new PlacementFeed(store);
  feed.start();
  members.start();
  const waiting = options.waiting ?? ((_what, work) => work);
  await waiting("the federated resources of every kind on the admin cluster", store.start(), () => store.pending().join("; ") || undefined);
  const reconciler = new Reconciler({ ...options.reconciler, store, registry, members, feed });
  if (options.startReconciler ?? true) reconciler.start();
  const service = new FederationService({ store, registry, members, feed });
  return {
    store,
    members,
    feed,
    reconciler,
    service,
    async stop() {
      await reconciler.stop();
      feed.stop();
      members.stop();
      store.stop();
    },
  };
}

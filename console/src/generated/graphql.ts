/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What applyManifest did (or, in a dry run, would do) with a document. */
export type ApplyAction =
  | 'CREATED'
  | 'UNCHANGED'
  | 'UPDATED'
  | 'WOULD_CREATE'
  | 'WOULD_UPDATE';

/** The ten federated kinds of Gloo Federation, by their Kubernetes kind names. */
export type FederatedKind =
  /** FederatedAuthConfig (fed.enterprise.gloo.solo.io/v1), placing AuthConfig (enterprise.gloo.solo.io/v1) */
  | 'FederatedAuthConfig'
  /** FederatedGateway (fed.gateway.solo.io/v1), placing Gateway (gateway.solo.io/v1) */
  | 'FederatedGateway'
  /** FederatedMatchableHttpGateway (fed.gateway.solo.io/v1), placing MatchableHttpGateway (gateway.solo.io/v1) */
  | 'FederatedMatchableHttpGateway'
  /** FederatedMatchableTcpGateway (fed.gateway.solo.io/v1), placing MatchableTcpGateway (gateway.solo.io/v1) */
  | 'FederatedMatchableTcpGateway'
  /** FederatedRateLimitConfig (fed.ratelimit.solo.io/v1alpha1), placing RateLimitConfig (ratelimit.solo.io/v1alpha1) */
  | 'FederatedRateLimitConfig'
  /** FederatedRouteTable (fed.gateway.solo.io/v1), placing RouteTable (gateway.solo.io/v1) */
  | 'FederatedRouteTable'
  /** FederatedSettings (fed.gloo.solo.io/v1), placing Settings (gloo.solo.io/v1) */
  | 'FederatedSettings'
  /** FederatedUpstream (fed.gloo.solo.io/v1), placing Upstream (gloo.solo.io/v1) */
  | 'FederatedUpstream'
  /** FederatedUpstreamGroup (fed.gloo.solo.io/v1), placing UpstreamGroup (gloo.solo.io/v1) */
  | 'FederatedUpstreamGroup'
  /** FederatedVirtualService (fed.gateway.solo.io/v1), placing VirtualService (gateway.solo.io/v1) */
  | 'FederatedVirtualService';

export type FindingSeverity =
  | 'ERROR'
  | 'WARNING';

/** Gloo Edge kinds that can be read from member clusters, by their Kubernetes kind names. */
export type GlooKind =
  /** AuthConfig (enterprise.gloo.solo.io/v1) */
  | 'AuthConfig'
  /** Gateway (gateway.solo.io/v1) */
  | 'Gateway'
  /** MatchableHttpGateway (gateway.solo.io/v1) */
  | 'MatchableHttpGateway'
  /** MatchableTcpGateway (gateway.solo.io/v1) */
  | 'MatchableTcpGateway'
  /** Proxy (gloo.solo.io/v1) */
  | 'Proxy'
  /** RateLimitConfig (ratelimit.solo.io/v1alpha1) */
  | 'RateLimitConfig'
  /** RouteOption (gateway.solo.io/v1) */
  | 'RouteOption'
  /** RouteTable (gateway.solo.io/v1) */
  | 'RouteTable'
  /** Settings (gloo.solo.io/v1) */
  | 'Settings'
  /** Upstream (gloo.solo.io/v1) */
  | 'Upstream'
  /** UpstreamGroup (gloo.solo.io/v1) */
  | 'UpstreamGroup'
  /** VirtualHostOption (gateway.solo.io/v1) */
  | 'VirtualHostOption'
  /** VirtualService (gateway.solo.io/v1) */
  | 'VirtualService';

/** What Gloo in a member cluster says about a placed object. */
export type GlooVerdict =
  | 'ACCEPTED'
  /** The object is not in the cluster. */
  | 'NOT_FOUND'
  /** The object is there, but Gloo has not reported on it. */
  | 'NO_STATUS'
  | 'PENDING'
  | 'REJECTED'
  /** fedplane cannot see the cluster (unreachable, not registered, or not readable). */
  | 'UNKNOWN'
  | 'WARNING';

/** Gloo Federation's placement states (proto values UNKNOWN=0 .. PENDING=5). */
export type PlacementState =
  /** Could not be written; the message says why. */
  | 'FAILED'
  /** The placement itself is wrong; nothing is written. */
  | 'INVALID'
  /** Waiting to be processed, e.g. after a cluster was registered or removed. */
  | 'PENDING'
  /** Written to the destination as specified. */
  | 'PLACED'
  /** Left in a destination no longer in the placement, because deleting it failed. */
  | 'STALE'
  /** Not processed yet. */
  | 'UNKNOWN';

/** What happened to an object, as a Kubernetes watch says it. */
export type WatchEventType =
  | 'ADDED'
  | 'DELETED'
  | 'MODIFIED';

export type ConsoleClusterFragment = { name: string, local: boolean, ready: boolean, labels: Record<string, string>, kubernetesVersion: string | null, lastError: string | null, registration: { state: string, message: string | null } | null };

export type ConsolePlacementFragment = { state: PlacementState, message: string | null, observedGeneration: number | null, clusters: Array<{ cluster: string, namespaces: Array<{ namespace: string, state: PlacementState, message: string | null }> }> };

export type ConsoleClustersSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleClustersSubscription = { clusterStatusChanged: { type: WatchEventType, cluster: { name: string, local: boolean, ready: boolean, labels: Record<string, string>, kubernetesVersion: string | null, lastError: string | null, registration: { state: string, message: string | null } | null } } };

export type ConsoleResourcesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleResourcesSubscription = { federatedResourceChanged: { type: WatchEventType, resource: { kind: FederatedKind, targetKind: string, metadata: { name: string, namespace: string | null, generation: number | null, deletionTimestamp: string | null }, placementStatus: { state: PlacementState, message: string | null, observedGeneration: number | null, clusters: Array<{ cluster: string, namespaces: Array<{ namespace: string, state: PlacementState, message: string | null }> }> } | null } } };

export type ConsolePlacementChangesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsolePlacementChangesSubscription = { placementStatusChanged: { kind: FederatedKind, namespace: string, name: string, generation: number, placementStatus: { state: PlacementState, message: string | null, observedGeneration: number | null, clusters: Array<{ cluster: string, namespaces: Array<{ namespace: string, state: PlacementState, message: string | null }> }> } | null } };

export type ConsoleHealthSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleHealthSubscription = { clusterHealthChanged: { cluster: string, ok: boolean, check: { errorCount: number, warningCount: number }, appeared: Array<{ severity: FindingSeverity, item: string, instance: string | null, message: string, ref: { kind: string, namespace: string | null, name: string } }>, cleared: Array<{ severity: FindingSeverity, item: string, instance: string | null, message: string, ref: { kind: string, namespace: string | null, name: string } }> } };

export type ConsoleFindingFragment = { severity: FindingSeverity, item: string, instance: string | null, message: string, ref: { kind: string, namespace: string | null, name: string } };

export type ConsoleVerdictFragment = { cluster: string, namespace: string, name: string, gloo: GlooVerdict, reason: string | null, reporter: string | null };

export type ConsoleServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleServerInfoQuery = { serverInfo: { version: string, backend: string, federationNamespace: string, caller: { user: string, authenticated: boolean } } };

export type ConsoleResourceVerdictsQueryVariables = Exact<{
  kind: FederatedKind;
  namespace: string;
  name: string;
}>;


export type ConsoleResourceVerdictsQuery = { federatedResource: { glooHealth: Array<{ cluster: string, namespace: string, name: string, gloo: GlooVerdict, reason: string | null, reporter: string | null }> } | null };

export type ConsoleResourceDetailQueryVariables = Exact<{
  kind: FederatedKind;
  namespace: string;
  name: string;
}>;


export type ConsoleResourceDetailQuery = { federatedResource: { kind: FederatedKind, apiVersion: string, targetKind: string, targetApiVersion: string, metadata: { name: string, namespace: string | null, generation: number | null, resourceVersion: string | null, labels: Record<string, string>, annotations: Record<string, string>, creationTimestamp: string | null, deletionTimestamp: string | null }, spec: { template: unknown, placement: { clusters: Array<string>, namespaces: Array<string>, clusterSelector: { matchLabels: Record<string, string>, matchExpressions: Array<{ key: string, operator: string, values: Array<string> }> } | null } | null, overrides: Array<{ clusters: Array<string>, patch: unknown, jsonPatch: unknown, clusterSelector: { matchLabels: Record<string, string> } | null }> }, placementStatus: { state: PlacementState, message: string | null, observedGeneration: number | null, writtenBy: string | null } | null, glooHealth: Array<{ placement: PlacementState, placementMessage: string | null, cluster: string, namespace: string, name: string, gloo: GlooVerdict, reason: string | null, reporter: string | null }>, placedObjects: Array<{ cluster: string, namespace: string, name: string, kind: GlooKind, labels: Record<string, string>, spec: unknown, status: unknown }> } | null };

export type ConsoleGlooInstancesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleGlooInstancesQuery = { glooInstances: Array<{ name: string, cluster: string, installNamespace: string, version: string, isEnterprise: boolean, proxies: Array<{ name: string, replicas: number, readyReplicas: number }>, check: Array<{ kind: string, errorCount: number, warningCount: number }> }> };

export type ConsoleCheckItemFragment = { key: string, name: string, ok: boolean, total: number, skipped: string | null, errors: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }>, warnings: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }> };

export type ConsoleCheckQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCheckQuery = { check: { ok: boolean, errorCount: number, warningCount: number, clusters: Array<{ cluster: string, ok: boolean, errorCount: number, warningCount: number, items: Array<{ key: string, name: string, ok: boolean, total: number, skipped: string | null, errors: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }>, warnings: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }> }>, instances: Array<{ name: string, ok: boolean, items: Array<{ key: string, name: string, ok: boolean, total: number, skipped: string | null, errors: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }>, warnings: Array<{ message: string, ref: { kind: string, namespace: string | null, name: string } }> }> }> }> } };

export type ConsoleApplyMutationVariables = Exact<{
  manifest: string;
  dryRun: boolean;
}>;


export type ConsoleApplyMutation = { applyManifest: { dryRun: boolean, resources: Array<{ action: ApplyAction, kind: FederatedKind, namespace: string, name: string, resource: { kind: FederatedKind, metadata: { name: string, namespace: string | null, generation: number | null } }, plan: { valid: boolean, message: string | null, clusters: Array<string>, namespaces: Array<string>, destinations: Array<{ cluster: string, namespace: string, object: unknown }> } | null }> } };

export type ConsoleDeleteMutationVariables = Exact<{
  kind: FederatedKind;
  namespace: string;
  name: string;
}>;


export type ConsoleDeleteMutation = { deleteFederatedResource: { metadata: { name: string, deletionTimestamp: string | null } } };

export type ConsolePlacedQueryVariables = Exact<{
  kind: FederatedKind;
  namespace: string;
  name: string;
}>;


export type ConsolePlacedQuery = { federatedResource: { placedObjects: Array<{ cluster: string, namespace: string, name: string, labels: Record<string, string>, spec: unknown }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleClusterFragmentDoc = new TypedDocumentString(`
    fragment ConsoleCluster on Cluster {
  name
  local
  ready
  labels
  kubernetesVersion
  lastError
  registration {
    state
    message
  }
}
    `, {"fragmentName":"ConsoleCluster"}) as unknown as TypedDocumentString<ConsoleClusterFragment, unknown>;
export const ConsolePlacementFragmentDoc = new TypedDocumentString(`
    fragment ConsolePlacement on PlacementStatus {
  state
  message
  observedGeneration
  clusters {
    cluster
    namespaces {
      namespace
      state
      message
    }
  }
}
    `, {"fragmentName":"ConsolePlacement"}) as unknown as TypedDocumentString<ConsolePlacementFragment, unknown>;
export const ConsoleFindingFragmentDoc = new TypedDocumentString(`
    fragment ConsoleFinding on HealthFinding {
  severity
  item
  instance
  ref {
    kind
    namespace
    name
  }
  message
}
    `, {"fragmentName":"ConsoleFinding"}) as unknown as TypedDocumentString<ConsoleFindingFragment, unknown>;
export const ConsoleVerdictFragmentDoc = new TypedDocumentString(`
    fragment ConsoleVerdict on DestinationHealth {
  cluster
  namespace
  name
  gloo
  reason
  reporter
}
    `, {"fragmentName":"ConsoleVerdict"}) as unknown as TypedDocumentString<ConsoleVerdictFragment, unknown>;
export const ConsoleCheckItemFragmentDoc = new TypedDocumentString(`
    fragment ConsoleCheckItem on CheckItem {
  key
  name
  ok
  total
  skipped
  errors {
    message
    ref {
      kind
      namespace
      name
    }
  }
  warnings {
    message
    ref {
      kind
      namespace
      name
    }
  }
}
    `, {"fragmentName":"ConsoleCheckItem"}) as unknown as TypedDocumentString<ConsoleCheckItemFragment, unknown>;
export const ConsoleClustersDocument = new TypedDocumentString(`
    subscription ConsoleClusters {
  clusterStatusChanged {
    type
    cluster {
      ...ConsoleCluster
    }
  }
}
    fragment ConsoleCluster on Cluster {
  name
  local
  ready
  labels
  kubernetesVersion
  lastError
  registration {
    state
    message
  }
}`) as unknown as TypedDocumentString<ConsoleClustersSubscription, ConsoleClustersSubscriptionVariables>;
export const ConsoleResourcesDocument = new TypedDocumentString(`
    subscription ConsoleResources {
  federatedResourceChanged {
    type
    resource {
      kind
      targetKind
      metadata {
        name
        namespace
        generation
        deletionTimestamp
      }
      placementStatus {
        ...ConsolePlacement
      }
    }
  }
}
    fragment ConsolePlacement on PlacementStatus {
  state
  message
  observedGeneration
  clusters {
    cluster
    namespaces {
      namespace
      state
      message
    }
  }
}`) as unknown as TypedDocumentString<ConsoleResourcesSubscription, ConsoleResourcesSubscriptionVariables>;
export const ConsolePlacementChangesDocument = new TypedDocumentString(`
    subscription ConsolePlacementChanges {
  placementStatusChanged {
    kind
    namespace
    name
    generation
    placementStatus {
      ...ConsolePlacement
    }
  }
}
    fragment ConsolePlacement on PlacementStatus {
  state
  message
  observedGeneration
  clusters {
    cluster
    namespaces {
      namespace
      state
      message
    }
  }
}`) as unknown as TypedDocumentString<ConsolePlacementChangesSubscription, ConsolePlacementChangesSubscriptionVariables>;
export const ConsoleHealthDocument = new TypedDocumentString(`
    subscription ConsoleHealth {
  clusterHealthChanged {
    cluster
    ok
    check {
      errorCount
      warningCount
    }
    appeared {
      ...ConsoleFinding
    }
    cleared {
      ...ConsoleFinding
    }
  }
}
    fragment ConsoleFinding on HealthFinding {
  severity
  item
  instance
  ref {
    kind
    namespace
    name
  }
  message
}`) as unknown as TypedDocumentString<ConsoleHealthSubscription, ConsoleHealthSubscriptionVariables>;
export const ConsoleServerInfoDocument = new TypedDocumentString(`
    query ConsoleServerInfo {
  serverInfo {
    version
    backend
    federationNamespace
    caller {
      user
      authenticated
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleServerInfoQuery, ConsoleServerInfoQueryVariables>;
export const ConsoleResourceVerdictsDocument = new TypedDocumentString(`
    query ConsoleResourceVerdicts($kind: FederatedKind!, $namespace: String!, $name: String!) {
  federatedResource(kind: $kind, namespace: $namespace, name: $name) {
    glooHealth {
      ...ConsoleVerdict
    }
  }
}
    fragment ConsoleVerdict on DestinationHealth {
  cluster
  namespace
  name
  gloo
  reason
  reporter
}`) as unknown as TypedDocumentString<ConsoleResourceVerdictsQuery, ConsoleResourceVerdictsQueryVariables>;
export const ConsoleResourceDetailDocument = new TypedDocumentString(`
    query ConsoleResourceDetail($kind: FederatedKind!, $namespace: String!, $name: String!) {
  federatedResource(kind: $kind, namespace: $namespace, name: $name) {
    kind
    apiVersion
    targetKind
    targetApiVersion
    metadata {
      name
      namespace
      generation
      resourceVersion
      labels
      annotations
      creationTimestamp
      deletionTimestamp
    }
    spec {
      template
      placement {
        clusters
        namespaces
        clusterSelector {
          matchLabels
          matchExpressions {
            key
            operator
            values
          }
        }
      }
      overrides {
        clusters
        clusterSelector {
          matchLabels
        }
        patch
        jsonPatch
      }
    }
    placementStatus {
      state
      message
      observedGeneration
      writtenBy
    }
    glooHealth {
      ...ConsoleVerdict
      placement
      placementMessage
    }
    placedObjects {
      cluster
      namespace
      name
      kind
      labels
      spec
      status
    }
  }
}
    fragment ConsoleVerdict on DestinationHealth {
  cluster
  namespace
  name
  gloo
  reason
  reporter
}`) as unknown as TypedDocumentString<ConsoleResourceDetailQuery, ConsoleResourceDetailQueryVariables>;
export const ConsoleGlooInstancesDocument = new TypedDocumentString(`
    query ConsoleGlooInstances {
  glooInstances {
    name
    cluster
    installNamespace
    version
    isEnterprise
    proxies {
      name
      replicas
      readyReplicas
    }
    check {
      kind
      errorCount
      warningCount
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleGlooInstancesQuery, ConsoleGlooInstancesQueryVariables>;
export const ConsoleCheckDocument = new TypedDocumentString(`
    query ConsoleCheck {
  check {
    ok
    errorCount
    warningCount
    clusters {
      cluster
      ok
      errorCount
      warningCount
      items {
        ...ConsoleCheckItem
      }
      instances {
        name
        ok
        items {
          ...ConsoleCheckItem
        }
      }
    }
  }
}
    fragment ConsoleCheckItem on CheckItem {
  key
  name
  ok
  total
  skipped
  errors {
    message
    ref {
      kind
      namespace
      name
    }
  }
  warnings {
    message
    ref {
      kind
      namespace
      name
    }
  }
}`) as unknown as TypedDocumentString<ConsoleCheckQuery, ConsoleCheckQueryVariables>;
export const ConsoleApplyDocument = new TypedDocumentString(`
    mutation ConsoleApply($manifest: String!, $dryRun: Boolean!) {
  applyManifest(manifest: $manifest, dryRun: $dryRun) {
    dryRun
    resources {
      action
      kind
      namespace
      name
      resource {
        kind
        metadata {
          name
          namespace
          generation
        }
      }
      plan {
        valid
        message
        clusters
        namespaces
        destinations {
          cluster
          namespace
          object
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleApplyMutation, ConsoleApplyMutationVariables>;
export const ConsoleDeleteDocument = new TypedDocumentString(`
    mutation ConsoleDelete($kind: FederatedKind!, $namespace: String!, $name: String!) {
  deleteFederatedResource(kind: $kind, namespace: $namespace, name: $name) {
    metadata {
      name
      deletionTimestamp
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDeleteMutation, ConsoleDeleteMutationVariables>;
export const ConsolePlacedDocument = new TypedDocumentString(`
    query ConsolePlaced($kind: FederatedKind!, $namespace: String!, $name: String!) {
  federatedResource(kind: $kind, namespace: $namespace, name: $name) {
    placedObjects {
      cluster
      namespace
      name
      labels
      spec
    }
  }
}
    `) as unknown as TypedDocumentString<ConsolePlacedQuery, ConsolePlacedQueryVariables>;
import type { DocumentNode } from 'graphql';
import * as Operations from './graphql.js';





















export type Requester<C = {}> = <R, V>(doc: DocumentNode, vars?: V, options?: C) => Promise<R> | AsyncIterable<R>
export function getSdk<C>(requester: Requester<C>) {
  return {
    clusters(variables?: Operations.ClustersQueryVariables, options?: C): Promise<Operations.ClustersQuery> {
      return requester<Operations.ClustersQuery, Operations.ClustersQueryVariables>(Operations.ClustersDocument, variables, options) as Promise<Operations.ClustersQuery>;
    },
    cluster(variables: Operations.ClusterQueryVariables, options?: C): Promise<Operations.ClusterQuery> {
      return requester<Operations.ClusterQuery, Operations.ClusterQueryVariables>(Operations.ClusterDocument, variables, options) as Promise<Operations.ClusterQuery>;
    },
    registerCluster(variables: Operations.RegisterClusterMutationVariables, options?: C): Promise<Operations.RegisterClusterMutation> {
      return requester<Operations.RegisterClusterMutation, Operations.RegisterClusterMutationVariables>(Operations.RegisterClusterDocument, variables, options) as Promise<Operations.RegisterClusterMutation>;
    },
    deregisterCluster(variables: Operations.DeregisterClusterMutationVariables, options?: C): Promise<Operations.DeregisterClusterMutation> {
      return requester<Operations.DeregisterClusterMutation, Operations.DeregisterClusterMutationVariables>(Operations.DeregisterClusterDocument, variables, options) as Promise<Operations.DeregisterClusterMutation>;
    },
    clusterStatusChanged(variables?: Operations.ClusterStatusChangedSubscriptionVariables, options?: C): AsyncIterable<Operations.ClusterStatusChangedSubscription> {
      return requester<Operations.ClusterStatusChangedSubscription, Operations.ClusterStatusChangedSubscriptionVariables>(Operations.ClusterStatusChangedDocument, variables, options) as AsyncIterable<Operations.ClusterStatusChangedSubscription>;
    },
    federatedResources(variables?: Operations.FederatedResourcesQueryVariables, options?: C): Promise<Operations.FederatedResourcesQuery> {
      return requester<Operations.FederatedResourcesQuery, Operations.FederatedResourcesQueryVariables>(Operations.FederatedResourcesDocument, variables, options) as Promise<Operations.FederatedResourcesQuery>;
    },
    federatedResource(variables: Operations.FederatedResourceQueryVariables, options?: C): Promise<Operations.FederatedResourceQuery> {
      return requester<Operations.FederatedResourceQuery, Operations.FederatedResourceQueryVariables>(Operations.FederatedResourceDocument, variables, options) as Promise<Operations.FederatedResourceQuery>;
    },
    resources(variables: Operations.ResourcesQueryVariables, options?: C): Promise<Operations.ResourcesQuery> {
      return requester<Operations.ResourcesQuery, Operations.ResourcesQueryVariables>(Operations.ResourcesDocument, variables, options) as Promise<Operations.ResourcesQuery>;
    },
    applyManifest(variables: Operations.ApplyManifestMutationVariables, options?: C): Promise<Operations.ApplyManifestMutation> {
      return requester<Operations.ApplyManifestMutation, Operations.ApplyManifestMutationVariables>(Operations.ApplyManifestDocument, variables, options) as Promise<Operations.ApplyManifestMutation>;
    },
    createFederatedResource(variables: Operations.CreateFederatedResourceMutationVariables, options?: C): Promise<Operations.CreateFederatedResourceMutation> {
      return requester<Operations.CreateFederatedResourceMutation, Operations.CreateFederatedResourceMutationVariables>(Operations.CreateFederatedResourceDocument, variables, options) as Promise<Operations.CreateFederatedResourceMutation>;
    },
    updateFederatedResource(variables: Operations.UpdateFederatedResourceMutationVariables, options?: C): Promise<Operations.UpdateFederatedResourceMutation> {
      return requester<Operations.UpdateFederatedResourceMutation, Operations.UpdateFederatedResourceMutationVariables>(Operations.UpdateFederatedResourceDocument, variables, options) as Promise<Operations.UpdateFederatedResourceMutation>;
    },
    deleteFederatedResource(variables: Operations.DeleteFederatedResourceMutationVariables, options?: C): Promise<Operations.DeleteFederatedResourceMutation> {
      return requester<Operations.DeleteFederatedResourceMutation, Operations.DeleteFederatedResourceMutationVariables>(Operations.DeleteFederatedResourceDocument, variables, options) as Promise<Operations.DeleteFederatedResourceMutation>;
    },
    placementStatusChanged(variables?: Operations.PlacementStatusChangedSubscriptionVariables, options?: C): AsyncIterable<Operations.PlacementStatusChangedSubscription> {
      return requester<Operations.PlacementStatusChangedSubscription, Operations.PlacementStatusChangedSubscriptionVariables>(Operations.PlacementStatusChangedDocument, variables, options) as AsyncIterable<Operations.PlacementStatusChangedSubscription>;
    },
    federatedResourceChanged(variables?: Operations.FederatedResourceChangedSubscriptionVariables, options?: C): AsyncIterable<Operations.FederatedResourceChangedSubscription> {
      return requester<Operations.FederatedResourceChangedSubscription, Operations.FederatedResourceChangedSubscriptionVariables>(Operations.FederatedResourceChangedDocument, variables, options) as AsyncIterable<Operations.FederatedResourceChangedSubscription>;
    },
    federatedResourceList(variables?: Operations.FederatedResourceListQueryVariables, options?: C): Promise<Operations.FederatedResourceListQuery> {
      return requester<Operations.FederatedResourceListQuery, Operations.FederatedResourceListQueryVariables>(Operations.FederatedResourceListDocument, variables, options) as Promise<Operations.FederatedResourceListQuery>;
    },
    check(variables?: Operations.CheckQueryVariables, options?: C): Promise<Operations.CheckQuery> {
      return requester<Operations.CheckQuery, Operations.CheckQueryVariables>(Operations.CheckDocument, variables, options) as Promise<Operations.CheckQuery>;
    },
    glooInstances(variables?: Operations.GlooInstancesQueryVariables, options?: C): Promise<Operations.GlooInstancesQuery> {
      return requester<Operations.GlooInstancesQuery, Operations.GlooInstancesQueryVariables>(Operations.GlooInstancesDocument, variables, options) as Promise<Operations.GlooInstancesQuery>;
    },
    clusterHealthChanged(variables?: Operations.ClusterHealthChangedSubscriptionVariables, options?: C): AsyncIterable<Operations.ClusterHealthChangedSubscription> {
      return requester<Operations.ClusterHealthChangedSubscription, Operations.ClusterHealthChangedSubscriptionVariables>(Operations.ClusterHealthChangedDocument, variables, options) as AsyncIterable<Operations.ClusterHealthChangedSubscription>;
    },
    federatedResourceHealth(variables: Operations.FederatedResourceHealthQueryVariables, options?: C): Promise<Operations.FederatedResourceHealthQuery> {
      return requester<Operations.FederatedResourceHealthQuery, Operations.FederatedResourceHealthQueryVariables>(Operations.FederatedResourceHealthDocument, variables, options) as Promise<Operations.FederatedResourceHealthQuery>;
    },
    serverInfo(variables?: Operations.ServerInfoQueryVariables, options?: C): Promise<Operations.ServerInfoQuery> {
      return requester<Operations.ServerInfoQuery, Operations.ServerInfoQueryVariables>(Operations.ServerInfoDocument, variables, options) as Promise<Operations.ServerInfoQuery>;
    }
  };
}
export type Sdk = ReturnType<typeof getSdk>;
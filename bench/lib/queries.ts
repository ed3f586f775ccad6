/** The two queries of case 5, as a dashboard would send them. */
const findings = "{ ref { kind namespace name } message }";
const items = `items { key name ok total errors ${findings} warnings ${findings} skipped }`;

export const CHECK_QUERY = `query Check {
  check {
    ok errorCount warningCount
    clusters { cluster ok errorCount warningCount ${items} instances { name cluster namespace ok ${items} } }
  }
}`;

export const RESOURCES_QUERY = `query Resources {
  federatedResources(kind: FederatedUpstream, first: 100) {
    totalCount
    nodes {
      kind
      metadata { name namespace generation }
      placementStatus { state observedGeneration }
      placedObjects { cluster namespace name resourceVersion spec glooStatuses { state reason reporter } }
    }
  }
}`;

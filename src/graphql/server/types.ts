import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Who the server thinks is calling (authentication is not enforced yet)." })
export class Caller {
  @Field()
  user!: string;

  @Field(() => [String])
  groups!: string[];

  @Field({ description: "Whether a verifier vouched for the identity; false for the header stand-in." })
  authenticated!: boolean;
}

@ObjectType({ description: "A federated kind whose CRD the admin cluster does not serve: it cannot be used until installed." })
export class MissingCrd {
  @Field({ description: 'The federated kind, e.g. "FederatedMatchableHttpGateway".' })
  kind!: string;

  @Field({ description: 'The CRD\'s name, e.g. "federatedmatchablehttpgateways.fed.gateway.solo.io".' })
  crd!: string;
}

@ObjectType()
export class ServerInfo {
  @Field()
  version!: string;

  @Field({ description: '"embedded" (in-process clusters) or "kubernetes" (a real admin cluster).' })
  backend!: string;

  @Field({ description: "Where KubernetesCluster objects and their Secrets live on the admin cluster." })
  federationNamespace!: string;

  @Field({ description: "RFC 3339." })
  startedAt!: string;

  @Field(() => [MissingCrd], { description: "Federated kinds whose CRD is missing on the admin cluster now (installed later: picked up without a restart)." })
  missingCrds!: MissingCrd[];

  @Field(() => Caller)
  caller!: Caller;
}

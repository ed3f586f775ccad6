import { Field, InputType } from "type-graphql";
import { FederatedKindValue } from "../enums.js";
import { JSONScalar, StringMapScalar } from "../scalars.js";
import { LabelSelectorInput } from "../shared/types.js";

@InputType({ description: "Where a federated resource goes: clusters (explicit, \"*\" or by selector) x namespaces." })
export class PlacementInput {
  @Field(() => [String], { nullable: true, description: 'Registered cluster names; "*" means every registered cluster.' })
  clusters?: string[];

  @Field(() => LabelSelectorInput, { nullable: true, description: "Also every cluster whose KubernetesCluster labels match." })
  clusterSelector?: LabelSelectorInput;

  @Field(() => [String])
  namespaces!: string[];
}

@InputType({ description: "A federated resource as create and update take it; the same fields a manifest has." })
export class FederatedResourceInput {
  @Field(() => FederatedKindValue)
  kind!: string;

  @Field(() => String, { nullable: true, description: "Default: the federation namespace (gloo-system)." })
  namespace?: string;

  @Field()
  name!: string;

  @Field(() => StringMapScalar, { nullable: true })
  labels?: Record<string, string>;

  @Field(() => StringMapScalar, { nullable: true })
  annotations?: Record<string, string>;

  @Field(() => JSONScalar, { description: "{metadata: {name, labels, annotations}, spec: <the Gloo kind's spec>}" })
  template!: unknown;

  @Field(() => PlacementInput)
  placement!: PlacementInput;

  @Field(() => JSONScalar, { nullable: true, description: "[{clusters | clusterSelector, patch (merge patch) | jsonPatch}]" })
  overrides?: unknown;
}

@InputType()
export class UpdateFederatedResourceInput extends FederatedResourceInput {
  @Field({ description: "metadata.resourceVersion as read: the update fails with CONFLICT if the resource changed since." })
  resourceVersion!: string;
}

import { Field, InputType } from "type-graphql";
import { StringMapScalar } from "../scalars.js";

@InputType({
  description:
    "Registers a member cluster. With kubeconfig: a real cluster (the admin half of `glooctl cluster register`; " +
    "`fedplane cluster register` does the remote half and calls this). Without: in the embedded default, a new embedded cluster.",
})
export class RegisterClusterInput {
  @Field({ description: "DNS label; also the KubernetesCluster's and the kubeconfig Secret's name." })
  name!: string;

  @Field(() => StringMapScalar, { nullable: true, description: "KubernetesCluster labels, for placement clusterSelectors." })
  labels?: Record<string, string>;

  @Field(() => String, {
    nullable: true,
    description: "The kubeconfig fedplane uses for the cluster (a ServiceAccount token, never a user's credentials); stored in a solo.io/kubeconfig Secret.",
  })
  kubeconfig?: string;

  @Field(() => String, { nullable: true, description: "Default cluster.local." })
  clusterDomain?: string;

  @Field(() => String, { nullable: true, description: "RFC 3339: when the kubeconfig's token expires (TokenRequest tokens)." })
  tokenExpiresAt?: string;

  @Field(() => [String], { nullable: true, description: "Embedded clusters: namespaces to create besides the standard ones." })
  namespaces?: string[];
}

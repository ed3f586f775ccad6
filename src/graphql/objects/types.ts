import { Field, ObjectType } from "type-graphql";
import type { KubeObject } from "../../cluster/object.js";
import type { PlacedObject as LiveObject } from "../../federation/service.js";
import { glooStatuses } from "../../health/gloo-status.js";
import { GlooKindValue, GlooStateValue } from "../enums.js";
import { JSONScalar, StringMapScalar } from "../scalars.js";

@ObjectType({ description: "What one Gloo reporter says about a resource." })
export class GlooStatus {
  @Field(() => GlooStateValue)
  state!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  reportedBy!: string | null;

  @Field({ description: "The reporting Gloo's namespace (or reportedBy for Gloo's older single-status form)." })
  reporter!: string;
}

@ObjectType({ description: "A live object read from a member cluster (from fedplane's watch caches where it has them)." })
export class PlacedObject {
  @Field()
  cluster!: string;

  @Field()
  namespace!: string;

  @Field()
  name!: string;

  @Field(() => GlooKindValue, { description: "The Kubernetes kind, e.g. Upstream." })
  kind!: string;

  @Field()
  apiVersion!: string;

  @Field(() => String, { nullable: true })
  resourceVersion!: string | null;

  @Field(() => StringMapScalar)
  labels!: Record<string, string>;

  @Field(() => JSONScalar, { nullable: true })
  spec!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The raw status Gloo wrote." })
  status!: unknown;

  @Field(() => [GlooStatus], { description: "Gloo's verdicts, parsed from status (both of Gloo's status forms)." })
  glooStatuses!: GlooStatus[];
}

export function placedObject(o: LiveObject): PlacedObject {
  return Object.assign(new PlacedObject(), {
    cluster: o.cluster,
    namespace: o.namespace,
    name: o.name,
    kind: o.kind,
    apiVersion: o.apiVersion,
    resourceVersion: o.resourceVersion ?? null,
    labels: o.labels,
    spec: o.spec ?? null,
    status: o.status ?? null,
    glooStatuses: glooStatuses({ status: o.status }).map((s) =>
      Object.assign(new GlooStatus(), {
        state: s.state.toUpperCase(),
        reason: s.reason ?? null,
        reportedBy: s.reportedBy ?? null,
        reporter: s.reporter,
      }),
    ),
  });
}

export function clusterObject(cluster: string, obj: KubeObject): PlacedObject {
  return placedObject({
    cluster,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
    labels: obj.metadata.labels ?? {},
    spec: obj.spec,
    status: obj.status,
  });
}

@ObjectType({ description: "A cluster that could not be read." })
export class ClusterFailure {
  @Field()
  cluster!: string;

  @Field()
  message!: string;
}

@ObjectType()
export class ClusterObjects {
  @Field(() => [PlacedObject], { description: "From every cluster that could be read, by cluster, namespace and name." })
  objects!: PlacedObject[];

  @Field(() => [ClusterFailure], { description: "Clusters that could not be read; the others are still answered." })
  failures!: ClusterFailure[];
}

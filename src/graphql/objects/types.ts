import { Field, ObjectType } from "type-graphql";
import type { KubeObject } from "../../cluster/object.js";
import { OWNER_ANNOTATION } from "../../federation/kinds.js";
import { glooStatuses } from "../../health/gloo-status.js";
import { GlooStateValue } from "../enums.js";
import { JSONScalar } from "../scalars.js";
import { ObjectMeta, objectMeta } from "../shared/types.js";

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

@ObjectType({ description: "A live object read from a member cluster." })
export class PlacedObject {
  @Field()
  cluster!: string;

  @Field()
  namespace!: string;

  @Field()
  name!: string;

  @Field()
  kind!: string;

  @Field()
  apiVersion!: string;

  @Field()
  resourceVersion!: string;

  @Field(() => ObjectMeta)
  metadata!: ObjectMeta;

  @Field(() => JSONScalar, { nullable: true })
  spec!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The raw status Gloo wrote." })
  status!: unknown;

  @Field(() => [GlooStatus], { description: "Gloo's verdicts, parsed from status (both of Gloo's status forms)." })
  glooStatuses!: GlooStatus[];

  @Field(() => String, { nullable: true, description: "The federated resource that owns it (namespace.name), if any." })
  owner!: string | null;
}

export function placedObject(cluster: string, obj: KubeObject): PlacedObject {
  return Object.assign(new PlacedObject(), {
    cluster,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion ?? "",
    metadata: objectMeta(obj),
    spec: obj.spec ?? null,
    status: obj.status ?? null,
    glooStatuses: glooStatuses(obj).map((s) =>
      Object.assign(new GlooStatus(), {
        state: s.state.toUpperCase(),
        reason: s.reason ?? null,
        reportedBy: s.reportedBy ?? null,
        reporter: s.reporter,
      }),
    ),
    owner: obj.metadata.annotations?.[OWNER_ANNOTATION] ?? null,
  });
}

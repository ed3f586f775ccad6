import { Field, InputType, Int, ObjectType } from "type-graphql";
import type { KubeObject } from "../../cluster/object.js";
import { StringMapScalar } from "../scalars.js";

@ObjectType({ description: "Kubernetes object metadata." })
export class ObjectMeta {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field(() => String, { nullable: true })
  uid!: string | null;

  @Field(() => String, { nullable: true, description: "Changes on every write; pass it back for optimistic concurrency." })
  resourceVersion!: string | null;

  @Field(() => Int, { nullable: true, description: "Increases on every spec change." })
  generation!: number | null;

  @Field(() => StringMapScalar)
  labels!: Record<string, string>;

  @Field(() => StringMapScalar)
  annotations!: Record<string, string>;

  @Field(() => String, { nullable: true, description: "RFC 3339." })
  creationTimestamp!: string | null;

  @Field(() => String, { nullable: true, description: "Set while finalizers hold a deleted object." })
  deletionTimestamp!: string | null;

  @Field(() => [String])
  finalizers!: string[];
}

export function objectMeta(obj: Pick<KubeObject, "metadata">): ObjectMeta {
  const m = obj.metadata;
  return Object.assign(new ObjectMeta(), {
    name: m.name,
    namespace: m.namespace ?? null,
    uid: m.uid ?? null,
    resourceVersion: m.resourceVersion ?? null,
    generation: m.generation ?? null,
    labels: m.labels ?? {},
    annotations: m.annotations ?? {},
    creationTimestamp: m.creationTimestamp ?? null,
    deletionTimestamp: m.deletionTimestamp ?? null,
    finalizers: m.finalizers ?? [],
  });
}

@ObjectType({ description: "One requirement of a label selector (metav1.LabelSelectorRequirement)." })
export class LabelSelectorRequirement {
  @Field()
  key!: string;

  @Field({ description: "In, NotIn, Exists or DoesNotExist." })
  operator!: string;

  @Field(() => [String])
  values!: string[];
}

@ObjectType({ description: "A Kubernetes label selector (metav1.LabelSelector)." })
export class LabelSelector {
  @Field(() => StringMapScalar)
  matchLabels!: Record<string, string>;

  @Field(() => [LabelSelectorRequirement])
  matchExpressions!: LabelSelectorRequirement[];
}

@InputType()
export class LabelSelectorRequirementInput {
  @Field()
  key!: string;

  @Field({ description: "In, NotIn, Exists or DoesNotExist." })
  operator!: string;

  @Field(() => [String], { nullable: true })
  values?: string[];
}

@InputType({ description: "A Kubernetes label selector (metav1.LabelSelector)." })
export class LabelSelectorInput {
  @Field(() => StringMapScalar, { nullable: true })
  matchLabels?: Record<string, string>;

  @Field(() => [LabelSelectorRequirementInput], { nullable: true })
  matchExpressions?: LabelSelectorRequirementInput[];
}

@ObjectType()
export class PageInfo {
  @Field({ description: "Whether more items follow; fetch them with after: endCursor." })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

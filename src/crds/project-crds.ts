import type { ResourceType } from "../cluster/resource-type.js";
import { glooInstanceType, kubernetesClusterType } from "../clusters/kinds.js";
import { federatedKinds } from "../federation/kinds.js";
import { GLOO_SHORT_NAMES, type GlooKindName, glooKinds } from "../gloo/kinds.js";

/**
 * The CRDs fedplane reads and writes, built from the kinds tables: what `npm run gen:crds` writes to deploy/crds, what
 * `fedplane migrate check` compares an admin cluster's CRDs with, and what the test harness installs. Pure values, so
 * the CLI can use them outside the repository.
 */

export type Manifest = Record<string, unknown>;
type Schema = Record<string, unknown>;

const str: Schema = { type: "string" };
const stringList: Schema = { type: "array", items: str };
const stringMap: Schema = { type: "object", additionalProperties: str };
const object = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({ type: "object", properties, ...extra });
/** Kept as written: target specs and statuses belong to Gloo, and fedplane must not prune what it does not model. */
const opaque = (extra: Schema = {}): Schema => ({ type: "object", "x-kubernetes-preserve-unknown-fields": true, ...extra });
/** Gloo Federation writes int64 generations as strings ("1"), Kubernetes habit is numbers: accept both. */
const generation: Schema = { "x-kubernetes-int-or-string": true };

const labelSelector: Schema = object({
  matchLabels: stringMap,
  matchExpressions: {
    type: "array",
    items: object({ key: str, operator: str, values: stringList }),
  },
});

// No `required` anywhere: a federated object without template or placement must reach fedplane, which reports it
// INVALID with Gloo Federation's messages instead of the API server rejecting it with its own. Gloo Federation's CRDs
// preserve unknown fields everywhere; these do too, so that nothing valid there is pruned here.
const keep = { "x-kubernetes-preserve-unknown-fields": true };
const federatedSchema: Schema = object(
  {
    spec: object(
      {
        template: object({ metadata: object({ name: str, labels: stringMap, annotations: stringMap }, keep), spec: opaque() }, keep),
        placement: object({ clusters: stringList, namespaces: stringList, clusterSelector: labelSelector }, keep),
        overrides: { type: "array", items: opaque() },
      },
      keep,
    ),
    status: object(
      {
        placementStatus: object({ clusters: opaque(), state: str, message: str, observedGeneration: generation, writtenBy: str }, keep),
        namespacedPlacementStatuses: opaque(),
      },
      keep,
    ),
  },
  keep,
);

const glooSchema: Schema = object({ spec: opaque(), status: opaque() }, { "x-kubernetes-preserve-unknown-fields": true });

const policyRule: Schema = object({
  apiGroups: stringList,
  resources: stringList,
  verbs: stringList,
  resourceNames: stringList,
  nonResourceUrls: stringList, // Gloo Federation's spelling (proto JSON), not RBAC's nonResourceURLs
});

// Gloo Federation's types: observedGeneration is an int64 (a string is refused by its CRD, so fedplane writes
// integers; this CRD also takes the strings older fedplane versions wrote), processingTime a date-time.
const kubernetesClusterSchema: Schema = object({
  spec: object({ secretName: str, clusterDomain: str, providerInfo: opaque() }),
  status: object({
    namespace: str,
    policyRules: { type: "array", items: policyRule },
    status: {
      type: "array",
      items: object(
        { state: str, message: str, observedGeneration: generation, processingTime: { type: "string", format: "date-time" }, owner: { type: "string", nullable: true } },
        { "x-kubernetes-preserve-unknown-fields": true },
      ),
    },
  }),
});

/** The API server's singular for a plural, as Gloo's CRDs declare it (or default it: "settings" stays "settings"). */
export function singularOf(plural: string): string {
  if (plural.endsWith("settings")) return plural;
  if (plural.endsWith("ies")) return `${plural.slice(0, -3)}y`;
  return plural.endsWith("s") ? plural.slice(0, -1) : plural;
}

interface CrdOptions {
  readonly schema: Schema;
  readonly shortNames?: readonly string[];
  readonly categories: readonly string[];
  readonly columns?: readonly { name: string; type: string; jsonPath: string }[];
}

const AGE = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };

function crd(type: ResourceType, options: CrdOptions): Manifest {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${type.plural}.${type.group}`, labels: { "app.kubernetes.io/part-of": "fedplane" } },
    spec: {
      group: type.group,
      names: {
        kind: type.kind,
        listKind: `${type.kind}List`,
        plural: type.plural,
        singular: singularOf(type.plural),
        ...(options.shortNames ? { shortNames: [...options.shortNames] } : {}),
        categories: [...options.categories],
      },
      scope: type.namespaced ? "Namespaced" : "Cluster",
      versions: [
        {
          name: type.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          ...(options.columns ? { additionalPrinterColumns: [...options.columns, AGE] } : {}),
          schema: { openAPIV3Schema: options.schema },
        },
      ],
    },
  };
}

/** Every CRD fedplane needs, derived from the kinds tables so that a new kind cannot be forgotten here. */
export function projectCrds(): Manifest[] {
  const glooNames = Object.keys(glooKinds) as GlooKindName[];
  return [
    ...federatedKinds.map((kind) => {
      const target = glooNames.find((name) => glooKinds[name] === kind.target);
      return crd(kind.type, {
        schema: federatedSchema,
        shortNames: target ? [`fed${GLOO_SHORT_NAMES[target][0]}`] : undefined,
        categories: ["fedplane", "federated"],
        columns: [{ name: "State", type: "string", jsonPath: ".status.placementStatus.state" }],
      });
    }),
    ...glooNames.map((name) =>
      crd(glooKinds[name], { schema: glooSchema, shortNames: GLOO_SHORT_NAMES[name], categories: ["gloo", "solo-io"] }),
    ),
    crd(kubernetesClusterType, {
      schema: kubernetesClusterSchema,
      categories: ["fedplane"],
      columns: [{ name: "Secret", type: "string", jsonPath: ".spec.secretName" }],
    }),
    crd(glooInstanceType, {
      schema: glooSchema,
      categories: ["fedplane"],
      columns: [
        { name: "Cluster", type: "string", jsonPath: ".spec.cluster" },
        { name: "Namespace", type: "string", jsonPath: ".spec.controlPlane.namespace" },
        { name: "Version", type: "string", jsonPath: ".spec.controlPlane.version" },
      ],
    }),
  ];
}

export const crdName = (manifest: Manifest): string => (manifest.metadata as { name: string }).name;

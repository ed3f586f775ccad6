import { InvalidArgumentError } from "commander";
import type { ResourceType } from "../cluster/resource-type.js";
import { federatedKinds, type FederatedKind } from "../federation/kinds.js";
import { GLOO_SHORT_NAMES, glooKinds, type GlooKindName } from "../gloo/kinds.js";

/**
 * What `get` and `delete` take, as kubectl spells resources: the federated kinds (FederatedUpstream,
 * federatedupstreams, fedus), the Gloo objects placed in member clusters (upstreams, us), and fedplane's own views.
 */
export type CliResource =
  | { readonly type: "federated"; readonly kind: FederatedKind; readonly spellings: readonly string[] }
  | { readonly type: "gloo"; readonly kind: ResourceType; readonly spellings: readonly string[] }
  | { readonly type: "clusters"; readonly spellings: readonly string[] }
  | { readonly type: "glooinstances"; readonly spellings: readonly string[] };

const spellingsOf = (type: ResourceType, short: readonly string[]) => [type.kind.toLowerCase(), type.plural, `${type.plural}.${type.group}`, `${type.kind.toLowerCase()}.${type.group}`, ...short];

/** The first of Gloo's short names: what the federated kind's short name is built on (fedus, fedvs, ...). */
const glooShort = (target: ResourceType) => {
  const name = (Object.keys(glooKinds) as GlooKindName[]).find((n) => glooKinds[n] === target);
  return name ? GLOO_SHORT_NAMES[name][0] : target.plural;
};

// FailoverSchemes would be one more row here once fedplane has the kind.
export const cliResources: readonly CliResource[] = [
  ...federatedKinds.map((kind): CliResource => ({ type: "federated", kind, spellings: spellingsOf(kind.type, [`fed${glooShort(kind.target)}`]) })),
  ...(Object.keys(glooKinds) as GlooKindName[]).map((name): CliResource => ({ type: "gloo", kind: glooKinds[name], spellings: spellingsOf(glooKinds[name], GLOO_SHORT_NAMES[name]) })),
  { type: "clusters", spellings: ["clusters", "cluster", "kubernetesclusters", "kubernetescluster", "kc"] },
  { type: "glooinstances", spellings: ["glooinstances", "glooinstance", "glooinstances.fed.solo.io", "gi"] },
];

/** Every name `get` takes, for help and shell completion: the plural of each, then short names. */
export const resourceNames = (): string[] => cliResources.map((r) => r.spellings[1] ?? r.spellings[0]);

export function parseResource(value: string): CliResource {
  const wanted = value.toLowerCase();
  const found = cliResources.find((r) => r.spellings.includes(wanted));
  if (!found) throw new InvalidArgumentError(`unknown kind "${value}"; use one of ${resourceNames().join(", ")} (or a short name: fedus, us, ...).`);
  return found;
}

/** A federated kind only (watch, delete): any of its spellings. */
export function parseKind(value: string): FederatedKind {
  const found = cliResources.find((r) => r.spellings.includes(value.toLowerCase()));
  if (found?.type === "federated") return found.kind;
  const hint = found?.type === "gloo" ? ` (${value} are the Gloo objects in member clusters; their federated kind is ${federatedKinds.find((k) => k.target === found.kind)?.type.plural ?? "not federated"})` : "";
  throw new InvalidArgumentError(`unknown kind "${value}"${hint}; use one of ${federatedKinds.map((k) => k.type.plural).join(", ")}.`);
}

export const kindByName = (value: string): FederatedKind | undefined => federatedKinds.find((k) => k.name === value);

/** kubectl's way of naming an object in output (-o name, apply): federatedupstream.fed.gloo.solo.io/fed-upstream. */
export const qualified = (type: ResourceType, name: string) => `${type.kind.toLowerCase()}.${type.group}/${name}`;

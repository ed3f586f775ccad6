import { InvalidArgumentError } from "commander";
import { federatedKinds, type FederatedKind } from "../federation/kinds.js";

const spellings = (k: FederatedKind): string[] => {
  const singular = k.name.toLowerCase();
  return [singular, k.type.plural, `${k.type.plural}.${k.type.group}`, k.target.kind.toLowerCase(), k.target.plural];
};

/** Any spelling a user types for a federated kind: FederatedUpstream, federatedupstreams, upstream, ... */
export function parseKind(value: string): FederatedKind {
  const wanted = value.toLowerCase().replace(/_/g, "");
  const found = federatedKinds.find((k) => spellings(k).some((s) => s.replace(/_/g, "") === wanted));
  if (!found) {
    throw new InvalidArgumentError(`unknown kind "${value}"; use one of ${federatedKinds.map((k) => k.type.plural).join(", ")} (or their target kinds, e.g. upstreams).`);
  }
  return found;
}

export const kindByName = (value: string): FederatedKind | undefined => federatedKinds.find((k) => k.name === value);

/** kubectl's way of naming an object in output: federatedupstreams.fed.gloo.solo.io/fed-upstream. */
export const qualified = (kind: FederatedKind, name: string) => `${kind.type.plural}.${kind.type.group}/${name}`;

/**
 * Whether one CustomResourceDefinition can stand in for another: the same group, version, kind, plural, singular and
 * scope, every short name of the other, and a schema that keeps everything the other's keeps. fedplane's generated
 * CRDs must stand in for Gloo Federation's and Gloo's own (extra columns, short names and fields are fine), and
 * `fedplane migrate check` asks the reverse of a real admin cluster's CRDs.
 */

type Json = Record<string, unknown>;

interface CrdNames {
  kind?: string;
  listKind?: string;
  plural?: string;
  singular?: string;
  shortNames?: string[];
}

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: unknown };
  schema?: { openAPIV3Schema?: Json };
}

export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: string;
  versions: CrdVersion[];
}

export const crdSpec = (crd: Json): CrdSpec => crd.spec as CrdSpec;

/** "<plural>.<group>", the CRD's object name. */
export const crdKey = (crd: Json): string => `${crdSpec(crd).names.plural}.${crdSpec(crd).group}`;

/** The singular the API server uses: as declared, else the kind in lower case. */
const singular = (names: CrdNames) => names.singular || (names.kind ?? "").toLowerCase();

/** Differences that keep `candidate` from replacing `reference`, one line each; empty when it can. */
export function crdDifferences(candidate: Json, reference: Json): string[] {
  const c = crdSpec(candidate);
  const r = crdSpec(reference);
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (a !== b) out.push(`${what} is ${JSON.stringify(a)}, not ${JSON.stringify(b)}`);
  };
  same("group", c.group, r.group);
  same("scope", c.scope, r.scope);
  same("kind", c.names.kind, r.names.kind);
  same("plural", c.names.plural, r.names.plural);
  same("singular", singular(c.names), singular(r.names));
  same("listKind", c.names.listKind ?? `${c.names.kind}List`, r.names.listKind ?? `${r.names.kind}List`);
  const shortNames = new Set(c.names.shortNames ?? []);
  for (const name of r.names.shortNames ?? []) if (!shortNames.has(name)) out.push(`short name ${name} is missing`);
  for (const rv of r.versions.filter((v) => v.served !== false)) {
    const cv = c.versions.find((v) => v.name === rv.name);
    if (!cv || cv.served === false) {
      out.push(`version ${rv.name} is not served`);
      continue;
    }
    if (Boolean(rv.subresources?.status) && !cv.subresources?.status) out.push(`version ${rv.name} has no status subresource`);
    const schema = cv.schema?.openAPIV3Schema ?? {};
    for (const problem of schemaLosses(schema, rv.schema?.openAPIV3Schema ?? { "x-kubernetes-preserve-unknown-fields": true }, "")) {
      out.push(`version ${rv.name}: ${problem}`);
    }
  }
  return out;
}

const keepsEverything = (s: Json) => s["x-kubernetes-preserve-unknown-fields"] === true && s.properties === undefined;
const intOrString = (s: Json) => s["x-kubernetes-int-or-string"] === true;

/**
 * Where `candidate` would drop or refuse what `reference` keeps: a field it prunes, or a type it refuses. A schema
 * that preserves unknown fields keeps everything below it.
 */
export function schemaLosses(candidate: Json, reference: Json, path: string): string[] {
  if (keepsEverything(candidate)) return [];
  const where = path || "(root)";
  const out: string[] = [];
  const ct = candidate.type as string | undefined;
  const rt = reference.type as string | undefined;
  if (rt && ct && rt !== ct && !(intOrString(candidate) && (rt === "integer" || rt === "string"))) out.push(`${where} is ${ct}, not ${rt}`);
  if (!rt && intOrString(reference) && ct && !intOrString(candidate)) out.push(`${where} is ${ct}, not int-or-string`);
  if (intOrString(reference) && !intOrString(candidate) && !ct) out.push(`${where} is not int-or-string`);
  const rProps = (reference.properties ?? {}) as Record<string, Json>;
  const cProps = (candidate.properties ?? {}) as Record<string, Json>;
  const cPreserves = candidate["x-kubernetes-preserve-unknown-fields"] === true;
  for (const [name, sub] of Object.entries(rProps)) {
    const field = path ? `${path}.${name}` : name;
    if (cProps[name]) out.push(...schemaLosses(cProps[name], sub, field));
    else if (!cPreserves && !(candidate.additionalProperties as Json | undefined)) out.push(`${field} would be pruned`);
  }
  if (keepsEverything(reference) && !cPreserves && Object.keys(cProps).length > 0) out.push(`${where} prunes unknown fields`);
  if (reference.items && candidate.items) out.push(...schemaLosses(candidate.items as Json, reference.items as Json, `${path}[]`));
  if (reference.additionalProperties && typeof reference.additionalProperties === "object" && candidate.additionalProperties && typeof candidate.additionalProperties === "object") {
    out.push(...schemaLosses(candidate.additionalProperties as Json, reference.additionalProperties as Json, `${path}.*`));
  }
  return out;
}

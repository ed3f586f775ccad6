import type { ClusterClient, WriteOptions } from "../cluster/client.js";
import { isNotFound } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import { withTimeout } from "../clusters/timeout.js";

/**
 * Gloo Federation round-tripped template specs through protobuf JSON: proto field names (`use_tls`) and lowerCamel
 * names (`useTls`) were both accepted, unknown fields dropped. Gloo's own CRDs know only lowerCamel names and prune the
 * rest, so a spec copied verbatim loses `use_tls` without a word. fedplane asks the destination's API server (a dry
 * run, fieldValidation=Warn) which fields it does not know, renames a proto name to lowerCamel where the server knows
 * the lowerCamel field, and reports every field still dropped.
 */

/** `unknown field "spec.static.use_tls"` (the API server's warning and strict-decoding texts) -> the paths. */
export function unknownFields(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) for (const m of text.matchAll(/unknown field "([^"]+)"/g)) out.push(m[1]);
  return [...new Set(out)];
}

const PROTO_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
export const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Whether any key below value is a proto (snake_case) field name. */
export function hasProtoNames(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoNames);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => PROTO_NAME.test(k) || hasProtoNames(v));
}

type Segment = string | number;

/** "spec.hosts[0].use_tls" -> ["spec", "hosts", 0, "use_tls"]. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split(".")) {
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

const formatPath = (segments: readonly Segment[]) => segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

/** A copy of obj with the key at path renamed (undefined when path does not lead to a key, or the new key exists). */
function renamed(obj: KubeObject, path: readonly Segment[], to: string): KubeObject | undefined {
  const copy = structuredClone(obj) as unknown as Record<string | number, unknown>;
  let parent: any = copy;
  for (const s of path.slice(0, -1)) {
    parent = parent?.[s];
    if (parent === null || typeof parent !== "object") return undefined;
  }
  const from = path[path.length - 1];
  if (typeof from !== "string" || !(from in parent) || to in parent) return undefined;
  const entries = Object.entries(parent).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(parent)) delete parent[k];
  Object.assign(parent, Object.fromEntries(entries));
  return copy as unknown as KubeObject;
}

export interface FieldCheck {
  /** What to write: proto names renamed where the destination knows the lowerCamel field. */
  object: KubeObject;
  /** "spec.static.use_tls -> spec.static.useTls". */
  renamed: string[];
  /** Fields the destination's schema does not know: dropped (pruned) when written. */
  dropped: string[];
}

export interface FieldCheckContext {
  client: ClusterClient;
  type: ResourceType;
  timeoutMs: number;
}

/** Asks the destination (dry runs) what it would drop of desired, renaming proto names it knows in lowerCamel. */
export async function checkFields(ctx: FieldCheckContext, desired: KubeObject, live: KubeObject | undefined): Promise<FieldCheck> {
  const first = await dryRunUnknown(ctx, desired, live);
  if (first === undefined) return { object: desired, renamed: [], dropped: [] };
  let candidate = desired;
  const tried: { from: string; to: string }[] = [];
  for (const path of first) {
    const segments = parsePath(path);
    const last = segments[segments.length - 1];
    if (typeof last !== "string" || !PROTO_NAME.test(last)) continue;
    const next = renamed(candidate, segments, lowerCamel(last));
    if (!next) continue;
    candidate = next;
    tried.push({ from: path, to: formatPath([...segments.slice(0, -1), lowerCamel(last)]) });
  }
  if (tried.length === 0) return { object: desired, renamed: [], dropped: first };
  const second = (await dryRunUnknown(ctx, candidate, live)) ?? [];
  // A lowerCamel name the destination does not know either is no better: keep what the user wrote.
  let object = desired;
  const accepted: string[] = [];
  for (const r of tried) {
    if (second.includes(r.to)) continue;
    const segments = parsePath(r.from);
    object = renamed(object, segments, lowerCamel(segments[segments.length - 1] as string)) ?? object;
    accepted.push(`${r.from} -> ${r.to}`);
  }
  const acceptedFrom = new Set(tried.filter((r) => !second.includes(r.to)).map((r) => r.from));
  return { object, renamed: accepted, dropped: first.filter((p) => !acceptedFrom.has(p)) };
}

/** The unknown fields of a dry-run write of obj; undefined when the dry run could not tell (e.g. no namespace yet). */
async function dryRunUnknown(ctx: FieldCheckContext, obj: KubeObject, live: KubeObject | undefined): Promise<string[] | undefined> {
  const warnings: string[] = [];
  const options: WriteOptions = { dryRun: true, fieldValidation: "Warn", warnings };
  try {
    if (live) {
      const update = { ...live, metadata: { ...live.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations }, spec: obj.spec };
      await withTimeout(ctx.client.update(ctx.type, update, options), ctx.timeoutMs);
    } else {
      await withTimeout(ctx.client.create(ctx.type, obj, options), ctx.timeoutMs);
    }
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  return unknownFields(warnings);
}

/**
 * What placing desired into one destination would lose, asked of that destination's API server before anything is
 * written (apply and dry runs): proto names it would take in lowerCamel, and a strict dry run (dryRun=All,
 * fieldValidation=Strict) naming every field its schema does not know. `live` may be stale or missing.
 */
export async function previewFields(ctx: FieldCheckContext, desired: KubeObject, live: KubeObject | undefined): Promise<FieldCheck> {
  if (!live) live = await getOrUndefined(ctx, desired);
  const checked = hasProtoNames(desired.spec) ? await checkFields(ctx, desired, live) : { object: desired, renamed: [], dropped: [] };
  if (checked.dropped.length > 0) return checked; // already named by the Warn dry run
  const options: WriteOptions = { dryRun: true, fieldValidation: "Strict" };
  try {
    const obj = checked.object;
    if (live) {
      await withTimeout(ctx.client.update(ctx.type, { ...live, metadata: { ...live.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations }, spec: obj.spec }, options), ctx.timeoutMs);
    } else {
      await withTimeout(ctx.client.create(ctx.type, obj, options), ctx.timeoutMs);
    }
    return checked;
  } catch (e) {
    if (isNotFound(e)) return checked; // the namespace is created when placing; nothing to tell yet
    const fields = unknownFields([e instanceof Error ? e.message : String(e)]);
    if (fields.length === 0) throw e;
    return { ...checked, dropped: fields };
  }
}

async function getOrUndefined(ctx: FieldCheckContext, obj: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await withTimeout(ctx.client.get(ctx.type, obj.metadata.namespace, obj.metadata.name), ctx.timeoutMs);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** JSON helpers for the embedded store, which keeps every object as canonical JSON text. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted, as the API server stores custom resources (Go encodes maps with sorted keys). Equal
 * objects get equal text, so the store detects no-op writes by comparing strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const v = value[i];
      out += v === undefined || typeof v === "function" ? "null" : canonicalJson(v);
    }
    return out + "]";
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return canonicalJson((value as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(value).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = (value as JsonObject)[k];
    if (v === undefined || typeof v === "function") continue;
    if (!first) out += ",";
    first = false;
    out += JSON.stringify(k) + ":" + canonicalJson(v);
  }
  return out + "}";
}

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** JSON helpers for the embedded store, which keeps every object as canonical JSON text. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted, as the API server stores custom resources (Go encodes maps with sorted keys). Equal
 * objects get equal text, so the store detects no-op writes by comparing strings. Native stringify of a sorted copy
 * yields a flat string, which costs far less memory to keep than one built by concatenation.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? "null";
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return sortedCopy((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map(sortedCopy);
  const out: JsonObject = {};
  for (const k of Object.keys(value).sort()) out[k] = sortedCopy((value as JsonObject)[k]);
  return out;
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

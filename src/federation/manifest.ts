import { parseAllDocuments } from "yaml";
import { FederationError } from "./errors.js";
import { isPlainObject } from "./json.js";

/** Largest manifest text accepted by apply. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

export interface ManifestDocument {
  /** 1-based position in the text (items of a List count one each), for messages. */
  index: number;
  value: unknown;
}

/**
 * A YAML document's value; aliases that expand past the limit (an alias bomb) or point at no anchor are the input's
 * fault and named as such, not internal errors.
 */
function documentValue(toJS: () => unknown, what: string): unknown {
  try {
    return toJS();
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const reason = /Excessive alias count/.test(e.message)
      ? "its aliases expand past the limit of 100 alias uses (a YAML alias bomb?)"
      : `an alias refers to no anchor before it (${e.message.replace(/^Unresolved alias \(the anchor must be set before the alias\): /, "*")})`;
    throw new FederationError("BAD_USER_INPUT", `${what}: ${reason}`, what);
  }
}

/**
 * The documents of a manifest as `kubectl apply -f` reads it: YAML with `---` separators or JSON, empty documents
 * skipped, a `kind: List` expanded into its items. Syntax errors name the document and line.
 */
export function parseManifest(text: string): ManifestDocument[] {
  if (typeof text !== "string") throw new FederationError("BAD_USER_INPUT", "manifest: must be text (YAML or JSON)", "manifest");
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES)
    throw new FederationError("BAD_USER_INPUT", `manifest: larger than ${MAX_MANIFEST_BYTES} bytes; apply it in parts`, "manifest");
  const out: ManifestDocument[] = [];
  parseAllDocuments(text, { prettyErrors: true }).forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new FederationError("BAD_USER_INPUT", `document ${i + 1}: not valid YAML or JSON${line ? ` (line ${line})` : ""}: ${error.message.split("\n")[0]}`, `document ${i + 1}`);
    }
    const value = documentValue(() => doc.toJS({ maxAliasCount: 100 }), `document ${i + 1}`);
    if (value === null || value === undefined) return;
    if (isPlainObject(value) && value.kind === "List" && Array.isArray(value.items)) {
      for (const item of value.items) out.push({ index: out.length + 1, value: item });
    } else out.push({ index: out.length + 1, value });
  });
  if (out.length === 0) throw new FederationError("BAD_USER_INPUT", "manifest: holds no documents", "manifest");
  return out;
}

import type { WriteOptions } from "../client.js";
import { ApiError } from "../errors.js";
import type { ResourceType } from "../resource-type.js";
import type { JsonObject } from "./json.js";

/** What one write asks for besides the write itself: the API server's dryRun, fieldValidation and warnings. */
export type WriteIntent = Pick<WriteOptions, "dryRun" | "fieldValidation" | "warnings">;

/** Where a schema check reports what it found in a write's body. */
export interface FieldReport {
  /**
   * A field the kind's schema does not declare, as a path ("spec.foo", "spec.hosts[0].bar"): the write is refused
   * under fieldValidation=Strict, warned about under Warn (the default), accepted silently under Ignore.
   */
  unknownField(path: string): void;
  /** Any other warning for this write (a deprecated field, a value the server rewrote); always reported. */
  warning(text: string): void;
}

/**
 * A kind's schema beyond metadata, doing what a CRD's structural schema does on the API server: returns the body to
 * store (without the fields the schema does not declare, which it reports to `fields`) and throws ApiError (Invalid)
 * for values the schema refuses. It runs on every write, dry runs included, on the caller's body, which it must not
 * modify. `part` is "status" for updateStatus (only the status is checked), "object" otherwise.
 */
export type SchemaCheck = (type: ResourceType, body: JsonObject, part: "object" | "status", fields: FieldReport) => JsonObject;

/** Kinds without a schema keep every field, like CRDs with x-kubernetes-preserve-unknown-fields. */
export const preserveUnknownFields: SchemaCheck = (_type, body) => body;

/** Runs `check` under the write's fieldValidation, with the API server's texts for unknown fields. */
export function checkFields(check: SchemaCheck, type: ResourceType, body: JsonObject, part: "object" | "status", intent: WriteIntent): JsonObject {
  const unknown: string[] = [];
  const other: string[] = [];
  const result = check(type, body, part, { unknownField: (p) => unknown.push(p), warning: (t) => other.push(t) });
  const mode = intent.fieldValidation ?? "Warn";
  const texts = unknown.map((p) => `unknown field "${p}"`);
  if (mode === "Strict" && texts.length) throw new ApiError("BadRequest", `strict decoding error: ${texts.join(", ")}`);
  intent.warnings?.push(...(mode === "Warn" ? texts : []), ...other);
  return result;
}

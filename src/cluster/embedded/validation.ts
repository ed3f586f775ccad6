import { resourceKey } from "../resource-type.js";
import { labelKeyError, labelValueError } from "../selector.js";
import type { FieldReport, SchemaCheck } from "./field-validation.js";
import { isJsonObject, type JsonObject } from "./json.js";

/** The API server's object-metadata validation, as `field: reason` causes for an Invalid (422) error. */

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const subdomainHelp =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelHelp =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Why `name` is not a DNS-1123 subdomain (most object names), or undefined. */
export function subdomainError(name: string): string | undefined {
  if (name.length > 253) return "must be no more than 253 characters";
  return dns1123Subdomain.test(name) ? undefined : subdomainHelp;
}

/** Why `name` is not a DNS-1123 label (namespace names), or undefined. */
export function dnsLabelError(name: string): string | undefined {
  if (name.length > 63) return "must be no more than 63 characters";
  return dns1123Label.test(name) ? undefined : labelHelp;
}

const invalidValue = (field: string, value: unknown, reason: string) => `${field}: Invalid value: ${JSON.stringify(value)}: ${reason}`;

/** Causes for invalid metadata (name, namespace, labels, annotations, finalizers); empty when valid. */
export function metadataCauses(meta: Record<string, unknown>, nameIsLabel: boolean): string[] {
  const causes: string[] = [];
  const name = meta.name as string;
  const nameErr = nameIsLabel ? dnsLabelError(name) : subdomainError(name);
  if (nameErr) causes.push(invalidValue("metadata.name", name, nameErr));
  if (meta.namespace !== undefined) {
    const nsErr = typeof meta.namespace === "string" ? dnsLabelError(meta.namespace) : "must be a string";
    if (nsErr) causes.push(invalidValue("metadata.namespace", meta.namespace, nsErr));
  }
  const { labels, annotations, finalizers } = meta;
  if (labels !== undefined && labels !== null) {
    if (!isJsonObject(labels)) causes.push("metadata.labels: Invalid value: must be a map of strings");
    else {
      for (const [k, v] of Object.entries(labels)) {
        const keyErr = labelKeyError(k);
        if (keyErr) causes.push(invalidValue("metadata.labels", k, keyErr));
        const valueErr = typeof v === "string" ? labelValueError(v) : "must be a string";
        if (valueErr) causes.push(invalidValue("metadata.labels", v, valueErr));
      }
    }
  }
  if (annotations !== undefined && annotations !== null) {
    if (!isJsonObject(annotations)) causes.push("metadata.annotations: Invalid value: must be a map of strings");
    else {
      for (const [k, v] of Object.entries(annotations)) {
        const keyErr = labelKeyError(k);
        if (keyErr) causes.push(invalidValue("metadata.annotations", k, keyErr));
        if (typeof v !== "string") causes.push(invalidValue(`metadata.annotations.${k}`, v, "must be a string"));
      }
    }
  }
  if (finalizers !== undefined && finalizers !== null) {
    if (!Array.isArray(finalizers)) causes.push("metadata.finalizers: Invalid value: must be a list of strings");
    else {
      finalizers.forEach((f, i) => {
        const err = typeof f === "string" ? labelKeyError(f) : "must be a string";
        if (err) causes.push(invalidValue(`metadata.finalizers[${i}]`, f, err));
      });
    }
  }
  return causes;
}

/** The part of an OpenAPI v3 structural schema the embedded clusters apply: fields, items, maps, preserve-unknown. */
export interface StructuralSchema {
  properties?: Readonly<Record<string, StructuralSchema>>;
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema;
  /** Keeps fields the schema does not declare (x-kubernetes-preserve-unknown-fields). */
  preserveUnknownFields?: boolean;
}

/**
 * A SchemaCheck doing what a CRD's structural schema does on the API server: fields it does not declare are pruned
 * and reported by path ("spec.static.use_tls"), so the embedded clusters answer like real ones with Gloo's CRDs.
 * `schemas` maps resourceKey(type) to the schema of the object's top level (spec, status); other kinds keep everything.
 */
export function structuralSchemaCheck(schemas: ReadonlyMap<string, StructuralSchema>): SchemaCheck {
  return (type, body, part, fields) => {
    const schema = schemas.get(resourceKey(type));
    if (!schema) return body;
    const out: JsonObject = { ...body };
    for (const key of part === "status" ? ["status"] : Object.keys(body)) {
      if (key === "apiVersion" || key === "kind" || key === "metadata" || !(key in body)) continue;
      const sub = schema.properties?.[key];
      if (!sub) {
        if (!schema.preserveUnknownFields) {
          fields.unknownField(key);
          delete out[key];
        }
        continue;
      }
      out[key] = prune(body[key], sub, key, fields);
    }
    return out;
  };
}

function prune(value: unknown, schema: StructuralSchema, path: string, fields: FieldReport): unknown {
  if (Array.isArray(value)) return schema.items ? value.map((v, i) => prune(v, schema.items!, `${path}[${i}]`, fields)) : value;
  if (!isJsonObject(value)) return value;
  if (schema.preserveUnknownFields && !schema.properties) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = schema.properties?.[k] ?? schema.additionalProperties;
    if (sub) out[k] = prune(v, sub, `${path}.${k}`, fields);
    else if (schema.preserveUnknownFields) out[k] = v;
    else fields.unknownField(`${path}.${k}`);
  }
  return out;
}

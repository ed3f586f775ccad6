import { labelKeyError, labelValueError } from "../selector.js";
import { isJsonObject } from "./json.js";

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

/** Kubernetes name rules (apimachinery validation), returning the reason a value is not valid, or undefined. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Object names: lowercase letters, digits, '-' and '.', starting and ending alphanumeric, at most 253 characters. */
export function dns1123SubdomainError(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return "must be a non-empty string";
  if (value.length > 253) return "must be no more than 253 characters";
  if (!DNS1123_SUBDOMAIN.test(value))
    return "must consist of lowercase letters, digits, '-' or '.', and start and end with a letter or digit";
  return undefined;
}

/** Namespace and cluster names: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63. */
export function dns1123LabelError(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return "must be a non-empty string";
  if (value.length > 63) return "must be no more than 63 characters";
  if (!DNS1123_LABEL.test(value))
    return "must consist of lowercase letters, digits or '-', and start and end with a letter or digit";
  return undefined;
}

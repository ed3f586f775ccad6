import type { ClusterClient } from "../../src/cluster/client.js";
import type { SchemaCheck } from "../../src/cluster/embedded/field-validation.js";
import { isJsonObject, type JsonObject } from "../../src/cluster/embedded/json.js";
import { isAlreadyExists, isNotFound } from "../../src/cluster/errors.js";
import type { KubeObject } from "../../src/cluster/object.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import { eventually } from "../support/eventually.js";

/**
 * A kind with a structural schema (unlike Gloo's CRDs, which preserve unknown fields), for what the API server does
 * with fields a schema does not declare: `spec.size` (integer), `spec.color` (string), `status.phase` (string).
 */
export const Gadget: ResourceType = { group: "conformance.fedplane.io", version: "v1", kind: "Gadget", plural: "gadgets", namespaced: true };

export function gadget(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "conformance.fedplane.io/v1", kind: "Gadget", metadata: { name, namespace }, spec };
}

const crdType: ResourceType = {
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  plural: "customresourcedefinitions",
  namespaced: false,
};

const schema = {
  type: "object",
  properties: {
    spec: { type: "object", properties: { size: { type: "integer" }, color: { type: "string" } } },
    status: { type: "object", properties: { phase: { type: "string" } } },
  },
};

/** Installs the Gadget CRD on a real API server (once per server; kept, it is harmless) and waits until it is served. */
export async function installGadgetCrd(client: ClusterClient): Promise<void> {
  const crd: KubeObject = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${Gadget.plural}.${Gadget.group}` },
    spec: {
      group: Gadget.group,
      scope: "Namespaced",
      names: { kind: Gadget.kind, plural: Gadget.plural, singular: "gadget", listKind: "GadgetList" },
      versions: [{ name: Gadget.version, served: true, storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {} } }],
    },
  };
  await client.create(crdType, crd).catch((e: unknown) => {
    if (!isAlreadyExists(e)) throw e;
  });
  await eventually(
    async () => {
      try {
        await client.list(Gadget, { namespace: "default" });
        return true;
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** The same schema for the embedded backend: prunes and reports what the CRD above does not declare. */
export const gadgetSchema: SchemaCheck = (type, body, part, fields) => {
  if (type.group !== Gadget.group || type.kind !== Gadget.kind) return body;
  const out: JsonObject = { ...body };
  const prune = (name: "spec" | "status") => {
    const value = out[name];
    if (!isJsonObject(value)) return;
    const declared = schema.properties[name].properties;
    const kept: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (k in declared) kept[k] = v;
      else fields.unknownField(`${name}.${k}`);
    }
    out[name] = kept;
  };
  for (const k of Object.keys(body)) {
    if (!["apiVersion", "kind", "metadata", "spec", "status"].includes(k)) {
      fields.unknownField(k);
      delete out[k];
    }
  }
  if (part === "object") prune("spec");
  prune("status");
  return out;
};

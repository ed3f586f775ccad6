import { resourceKey } from "../cluster/resource-type.js";
import { structuralSchemaCheck, type StructuralSchema } from "../cluster/embedded/validation.js";
import { glooKinds } from "./kinds.js";

/**
 * Gloo Edge 1.15's structural schemas, as far as the embedded clusters check them, so that they prune and warn like a
 * real cluster with Gloo's CRDs (lowerCamel names only: `use_tls` is unknown, `useTls` known). Only what is declared
 * here is checked exactly; the subtrees marked `keep` hold every field (not checked yet), never a false warning.
 */
const keep: StructuralSchema = { preserveUnknownFields: true };
const fieldsOf = (names: readonly string[], exact: Record<string, StructuralSchema> = {}): StructuralSchema => ({
  properties: { ...Object.fromEntries(names.map((n) => [n, keep])), ...exact },
});

// Upstream.spec's fields (gloo.solo.io/v1, Gloo Edge 1.15.36); `static` is declared down to its leaves.
const upstreamSpec = fieldsOf(
  [
    "aws", "awsEc2", "azure", "circuitBreakers", "connectionConfig", "consul", "discoveryMetadata", "dnsRefreshRate", "failover",
    "healthChecks", "httpConnectHeaders", "httpConnectSslConfig", "httpProxyHostname", "ignoreHealthOnHostRemoval",
    "initialConnectionWindowSize", "initialStreamWindowSize", "kube", "loadBalancerConfig", "maxConcurrentStreams", "namespacedStatuses",
    "outlierDetection", "overrideStreamErrorOnInvalidHttpMessage", "pipe", "preconnectPolicy", "protocolSelection", "proxyProtocolVersion",
    "respectDnsTtl", "sslConfig", "useHttp2",
  ],
  {
    static: fieldsOf(["autoSniRewrite", "serviceSpec", "useTls"], {
      hosts: { items: fieldsOf(["addr", "healthCheckConfig", "loadBalancingWeight", "port", "sniAddr"]) },
    }),
  },
);

const schemas = new Map<string, StructuralSchema>([[resourceKey(glooKinds.Upstream), { properties: { spec: upstreamSpec, status: keep } }]]);

/** The embedded clusters' schema check for Gloo's kinds (EmbeddedWorldOptions.schemaCheck). */
export const glooSchemaCheck = structuralSchemaCheck(schemas);

/**
 * Gloo Federation's seed example: a FederatedUpstream `fed-upstream` and a FederatedVirtualService routing /solo to
 * it with prefixRewrite /, placed into the given clusters' gloo-system namespace.
 */
export function seedManifest(clusters: string[], namespace = "gloo-system"): string {
  const placement = `  placement:
    clusters: [${clusters.map((c) => JSON.stringify(c)).join(", ")}]
    namespaces: [${namespace}]`;
  return `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata:
  name: fed-upstream
  namespace: gloo-system
spec:
${placement}
  template:
    metadata:
      name: fed-upstream
    spec:
      static:
        hosts:
          - addr: solo.io
            port: 80
---
apiVersion: fed.gateway.solo.io/v1
kind: FederatedVirtualService
metadata:
  name: fed-virtualservice
  namespace: gloo-system
spec:
${placement}
  template:
    metadata:
      name: fed-virtualservice
    spec:
      virtualHost:
        domains: ["*"]
        routes:
          - matchers:
              - exact: /solo
            options:
              prefixRewrite: /
            routeAction:
              single:
                upstream:
                  name: fed-upstream
                  namespace: gloo-system
`;
}

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/cluster/errors.js";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import { reasonOf, responseError, statusError, transportError } from "../../../src/cluster/kubernetes/status.js";

const target = { cluster: "east", server: "https://10.1.2.3:6443" };

describe("API server Status to ApiError", () => {
  it.each([
    ["NotFound", 404, "NotFound"],
    ["AlreadyExists", 409, "AlreadyExists"],
    ["Conflict", 409, "Conflict"],
    ["Gone", 410, "Gone"],
    ["Expired", 410, "Gone"],
    ["Invalid", 422, "Invalid"],
    ["Forbidden", 403, "Forbidden"],
    ["ServerTimeout", 500, "Timeout"],
    ["TooManyRequests", 429, "ServiceUnavailable"],
    ["UnsupportedMediaType", 415, "BadRequest"],
    ["", 409, "Conflict"],
    ["", 410, "Gone"],
    ["", 503, "ServiceUnavailable"],
    ["SomethingNew", 418, "Unknown"],
  ])("reason %s (HTTP %d) is %s", (reason, code, expected) => {
    expect(reasonOf({ reason, code }, code)).toBe(expected);
  });

  it("keeps the server's message and code verbatim (RBAC denials are shown to users)", () => {
    const message =
      'upstreams.gloo.solo.io "x" is forbidden: User "system:serviceaccount:gloo-system:fed" cannot create resource "upstreams" in API group "gloo.solo.io" in the namespace "web"';
    const err = responseError(403, JSON.stringify({ kind: "Status", status: "Failure", reason: "Forbidden", code: 403, message }), target);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.reason).toBe("Forbidden");
    expect(err.code).toBe(403);
    expect(err.message).toBe(message);
  });

  it("keeps HTTP codes outside the vocabulary (429 stays 429)", () => {
    const err = statusError({ kind: "Status", reason: "TooManyRequests", code: 429, message: "slow down" }, 429, target);
    expect([err.reason, err.code, err.message]).toEqual(["ServiceUnavailable", 429, "slow down"]);
  });

  it("says a resource type is not served (CRD missing) when a 404 names no object", () => {
    const err = responseError(404, "404 page not found", target, "upstreams.gloo.solo.io/v1");
    expect(err.reason).toBe("NotFound");
    expect(err.message).toContain("upstreams.gloo.solo.io/v1 is not served by cluster \"east\"");
    expect(err.message).toContain("CustomResourceDefinition");
  });

  it("leaves a missing object's 404 as the server said it", () => {
    const body = { kind: "Status", reason: "NotFound", code: 404, message: 'upstreams.gloo.solo.io "x" not found', details: { name: "x" } };
    expect(responseError(404, JSON.stringify(body), target, "upstreams.gloo.solo.io/v1").message).toBe('upstreams.gloo.solo.io "x" not found');
  });

  it("explains a 401 and names the cluster", () => {
    const err = responseError(401, JSON.stringify({ kind: "Status", reason: "Unauthorized", code: 401, message: "Unauthorized" }), target);
    expect(err.reason).toBe("Unauthorized");
    expect(err.message).toMatch(/cluster "east" \(https:\/\/10\.1\.2\.3:6443\) rejected the credentials/);
  });

  it("describes non-Status answers from proxies by code", () => {
    const err = responseError(502, "<html><body>Bad   gateway</body></html>", target);
    expect(err.reason).toBe("ServiceUnavailable");
    expect(err.code).toBe(502);
    expect(err.message).toContain("answered HTTP 502 Bad Gateway, not a Kubernetes API answer");
    expect(err.message).not.toContain("Bad   gateway"); // the body is never read back
  });
});

describe("transport failures", () => {
  const errno = (code: string, message = `connect ${code} 10.1.2.3:6443`) => Object.assign(new Error(message), { code });

  it("are not ApiErrors (no server verdict) and keep an errno-like code", () => {
    const err = transportError(errno("ECONNREFUSED"), target);
    expect(err).toBeInstanceOf(ClusterConnectionError);
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as ClusterConnectionError).code).toBe("ECONNREFUSED");
  });

  it("connection refused names cluster, server and what to check", () => {
    const err = transportError(errno("ECONNREFUSED"), target);
    expect(err.message).toBe(
      'cannot reach cluster "east" at https://10.1.2.3:6443: connection refused; check that its API server is running and that the kubeconfig\'s server URL is right (ECONNREFUSED)',
    );
  });

  it("TLS failures point at the CA and server name", () => {
    const err = transportError(errno("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), target);
    expect(err.message).toContain('TLS handshake with cluster "east" at https://10.1.2.3:6443 failed: self-signed certificate');
    expect(err.message).toContain("certificate-authority-data");
    expect((err as ClusterConnectionError).code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  it("passes ApiErrors through", () => {
    const e = new ApiError("Timeout", "x");
    expect(transportError(e, target)).toBe(e);
  });
});

import { describe, expect, it } from "vitest";
import { hasProtoNames, lowerCamel, parsePath, unknownFields } from "../../src/federation/field-check.js";

describe("field checks against a destination's CRD", () => {
  it("reads the unknown fields out of API server warnings and strict-decoding errors", () => {
    expect(unknownFields(['unknown field "spec.static.use_tls"', "some deprecation"])).toEqual(["spec.static.use_tls"]);
    expect(
      unknownFields(['Upstream.gloo.solo.io "x" is invalid: strict decoding error: unknown field "spec.static.frobnicate", unknown field "spec.hosts[0].sni_addr"']),
    ).toEqual(["spec.static.frobnicate", "spec.hosts[0].sni_addr"]);
  });

  it("knows proto names and their lowerCamel form", () => {
    expect(hasProtoNames({ static: { hosts: [{ sni_addr: "x" }] } })).toBe(true);
    expect(hasProtoNames({ static: { hosts: [{ sniAddr: "x" }], labels: { "app_name": "free-form map keys too" } } })).toBe(true);
    expect(hasProtoNames({ static: { useTls: true } })).toBe(false);
    expect(lowerCamel("use_http2")).toBe("useHttp2");
    expect(parsePath("spec.static.hosts[0].sni_addr")).toEqual(["spec", "static", "hosts", 0, "sni_addr"]);
  });
});

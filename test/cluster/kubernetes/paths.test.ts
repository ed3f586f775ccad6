import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/cluster/errors.js";
import { collectionPath, objectPath, queryString } from "../../../src/cluster/kubernetes/paths.js";
import { core, type ResourceType } from "../../../src/cluster/resource-type.js";

const upstreams: ResourceType = { group: "gloo.solo.io", version: "v1", kind: "Upstream", plural: "upstreams", namespaced: true };

describe("API paths", () => {
  it("addresses core and group resources", () => {
    expect(collectionPath(core.configMaps, "web")).toBe("/api/v1/namespaces/web/configmaps");
    expect(collectionPath(upstreams, "web")).toBe("/apis/gloo.solo.io/v1/namespaces/web/upstreams");
    expect(objectPath(core.namespaces, undefined, "web")).toBe("/api/v1/namespaces/web");
  });

  it("lists and watches all namespaces when none is given", () => {
    expect(collectionPath(upstreams)).toBe("/apis/gloo.solo.io/v1/upstreams");
  });

  it("ignores a namespace for cluster-scoped types", () => {
    expect(objectPath(core.namespaces, "web", "web")).toBe("/api/v1/namespaces/web");
  });

  it("adds subresources and escapes names", () => {
    expect(objectPath(upstreams, "web", "a/b", "status")).toBe("/apis/gloo.solo.io/v1/namespaces/web/upstreams/a%2Fb/status");
  });

  it("refuses a namespaced object without a namespace, naming the type", () => {
    let err: unknown;
    try {
      objectPath(upstreams, undefined, "x");
    } catch (e) {
      err = e;
    }
    expect(isApiError(err, "BadRequest")).toBe(true);
    expect((err as Error).message).toContain("upstreams.gloo.solo.io/v1 is namespaced");
  });

  it("builds query strings without empty values", () => {
    expect(queryString({ watch: 1, resourceVersion: "42", labelSelector: "app in (a,b)", continue: undefined, x: "" })).toBe(
      "?watch=1&resourceVersion=42&labelSelector=app+in+%28a%2Cb%29",
    );
    expect(queryString({ a: undefined })).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { parseImage } from "../../src/health/images.js";

describe("Gloo version and edition from images", () => {
  it.each([
    ["quay.io/solo-io/gloo:1.16.3", "quay.io/solo-io/gloo", "1.16.3", false],
    ["quay.io/solo-io/gloo-ee:v1.17.0-beta2", "quay.io/solo-io/gloo-ee", "1.17.0-beta2", true],
    ["registry.local:5000/solo-io/gloo-ee-envoy-wrapper:1.15.1", "registry.local:5000/solo-io/gloo-ee-envoy-wrapper", "1.15.1", true],
    ["quay.io/solo-io/gloo-envoy-wrapper:1.15.1", "quay.io/solo-io/gloo-envoy-wrapper", "1.15.1", false],
    ["quay.io/solo-io/gloo@sha256:abcd", "quay.io/solo-io/gloo", "", false],
    ["gloo", "gloo", "", false],
  ])("%s", (image, repository, version, enterprise) => {
    expect(parseImage(image)).toEqual({ repository, version, enterprise });
  });
});

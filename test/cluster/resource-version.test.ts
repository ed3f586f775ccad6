import { describe, expect, it } from "vitest";
import { compareResourceVersions, isOlderResourceVersion } from "../../src/cluster/resource-version.js";

describe("resourceVersion comparison", () => {
  it("orders canonical decimal integers by value, not as text", () => {
    expect(compareResourceVersions("9", "10")).toBe(-1);
    expect(compareResourceVersions("100", "99")).toBe(1);
    expect(compareResourceVersions("42", "42")).toBe(0);
    expect(isOlderResourceVersion("9", "10")).toBe(true);
    expect(isOlderResourceVersion("10", "9")).toBe(false);
  });

  it("knows only equality for anything else (aggregated API servers may use any string)", () => {
    expect(compareResourceVersions("abc", "abc")).toBe(0);
    expect(compareResourceVersions("abc", "abd")).toBeUndefined();
    expect(compareResourceVersions("010", "9")).toBeUndefined();
    expect(compareResourceVersions(undefined, "1")).toBeUndefined();
    expect(isOlderResourceVersion("x", "10")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { glooStatusFor, glooStatuses, parseGlooState } from "../../src/health/gloo-status.js";

describe("Gloo resource status", () => {
  it("reads states as proto numbers, numeric strings and names in any case", () => {
    expect([0, 1, 2, 3].map(parseGlooState)).toEqual(["Pending", "Accepted", "Rejected", "Warning"]);
    expect(["2", "accepted", "REJECTED", "Warning"].map(parseGlooState)).toEqual(["Rejected", "Accepted", "Rejected", "Warning"]);
    expect(parseGlooState(7)).toBeUndefined();
    expect(parseGlooState("Broken")).toBeUndefined();
    expect(parseGlooState(undefined)).toBeUndefined();
  });

  it("reads every reporter under status.statuses", () => {
    const obj = {
      status: {
        statuses: {
          "gloo-system": { state: "Rejected", reason: "bad", reportedBy: "gloo" },
          "other-gloo": { state: 1, reportedBy: "gloo" },
        },
      },
    };
    expect(glooStatuses(obj)).toEqual([
      { state: "Rejected", reason: "bad", reportedBy: "gloo", reporter: "gloo-system" },
      { state: "Accepted", reportedBy: "gloo", reporter: "other-gloo" },
    ]);
    expect(glooStatusFor(obj, "other-gloo")?.state).toBe("Accepted");
    expect(glooStatusFor(obj, "third")).toBeUndefined();
  });

  it("reads the older form with state directly under status, whichever Gloo asks", () => {
    const obj = { status: { state: 3, reason: "deprecated field", reportedBy: "gateway" } };
    expect(glooStatuses(obj)).toEqual([{ state: "Warning", reason: "deprecated field", reportedBy: "gateway", reporter: "gateway" }]);
    expect(glooStatusFor(obj, "gloo-system")).toEqual({ state: "Warning", reason: "deprecated field", reportedBy: "gateway", reporter: "gateway" });
  });

  it("has no status for objects Gloo has not looked at", () => {
    expect(glooStatuses({})).toEqual([]);
    expect(glooStatuses({ status: { statuses: {} } })).toEqual([]);
    expect(glooStatusFor({ status: { placementStatus: {} } }, "gloo-system")).toBeUndefined();
  });
});

import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import { ApiError } from "../../src/cluster/errors.js";
import { formatError } from "../../src/graphql/errors.js";

/** formatError as Apollo calls it: the formatted error and the original (wrapped in a GraphQLError for resolver errors). */
function format(original: unknown) {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
  const wrapped = new GraphQLError(original instanceof Error ? original.message : String(original), { originalError: original as Error, path: ["field"] });
  return { result: formatError(wrapped.toJSON(), wrapped, logger), lines };
}

describe("errors as clients see them", () => {
  it("keeps a domain error's code and field", () => {
    const e = Object.assign(new Error("spec.placement: required"), { code: "BAD_USER_INPUT", field: "spec.placement" });
    expect(format(e).result).toMatchObject({ message: "spec.placement: required", extensions: { code: "BAD_USER_INPUT", field: "spec.placement" } });
  });

  it("maps Kubernetes API failures to API codes", () => {
    expect(format(new ApiError("Conflict", "the object has been modified")).result.extensions).toEqual({ code: "CONFLICT" });
    expect(format(new ApiError("Forbidden", "cannot create upstreams")).result.extensions).toEqual({ code: "FORBIDDEN" });
    expect(format(new ApiError("ServiceUnavailable", "etcd is down")).result.extensions).toEqual({ code: "UNAVAILABLE" });
  });

  it("hides unexpected errors behind an id, and logs them without credentials or a stack for the client", () => {
    const { result, lines } = format(new TypeError("boom while reading token: s3cr3t-t0ken from Bearer abc.def"));
    expect(result.message).toMatch(/^Internal server error \(error id [0-9a-f]{8}\)/);
    expect(result.extensions).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(JSON.stringify(result)).not.toContain("boom");
    expect(JSON.stringify(result)).not.toContain("stack");
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]);
    expect(logged.errorId).toBe(result.extensions!.errorId);
    expect(lines[0]).toContain("boom");
    expect(lines[0]).not.toContain("s3cr3t-t0ken");
    expect(lines[0]).not.toContain("abc.def");
  });
});

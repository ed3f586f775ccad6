import { describe, expect, it } from "vitest";
import { parseWarningHeaders } from "../../../src/cluster/kubernetes/warnings.js";

describe("Warning headers", () => {
  it("keeps the texts of code-299 warnings, several per header and across headers", () => {
    expect(
      parseWarningHeaders([
        '299 - "unknown field \\"spec.bogus\\""',
        '299 - "first", 299 - "second, with a comma" "Tue, 01 Dec 2026 17:00:00 GMT"',
      ]),
    ).toEqual(['unknown field "spec.bogus"', "first", "second, with a comma"]);
  });

  it("ignores other codes, empty texts and a header from its first malformed warning on", () => {
    expect(parseWarningHeaders(['199 agent "misc"', '299 - ""', '299 - "kept", garbage, 299 - "lost"', "299 - unquoted", '299 - "unterminated'])).toEqual([
      "kept",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import {
  labelSelectorFromString,
  labelSelectorToString,
  matches,
  parseSelector,
  SelectorError,
  selectorFromLabelSelector,
} from "../../src/cluster/selector.js";

describe("label selector string form", () => {
  const labels = { app: "gloo", tier: "edge", env: "prod" };

  it.each([
    ["", true],
    ["app=gloo", true],
    ["app==gloo", true],
    ["app=other", false],
    ["app!=other", true],
    ["app!=gloo", false],
    ["missing!=x", true], // != also matches objects without the label
    ["env in (prod,staging)", true],
    ["env in (dev)", false],
    ["env notin (dev,staging)", true],
    ["missing notin (a)", true],
    ["env notin (prod)", false],
    ["app", true],
    ["missing", false],
    ["!missing", true],
    ["!app", false],
    ["app=gloo,tier=edge,!missing,env in (prod)", true],
    ["app=gloo,tier=core", false],
    ["  app = gloo ,  env  in  ( prod , x )  ", true],
    ["example.com/role!=x", true],
  ])("%j matches %s", (selector, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it("selects the empty value with a= and in (a,)", () => {
    expect(matches("app=", { app: "" })).toBe(true);
    expect(matches("app=", { app: "x" })).toBe(false);
    expect(matches("app in (x,)", { app: "" })).toBe(true);
  });

  it("treats in/notin as ordinary keys where a key is expected", () => {
    expect(matches("in=x", { in: "x" })).toBe(true);
    expect(matches("!notin", {})).toBe(true);
  });

  it("matches nothing-labelled objects only with negative requirements", () => {
    expect(matches("a!=b,!c", undefined)).toBe(true);
    expect(matches("a", undefined)).toBe(false);
  });

  it.each([
    ["a in b", /found 'b' at position 6, expected '\(' after "a in"/],
    ["a in (b", /found end of string, expected ',' or '\)' in the values of "a in"/],
    ["a in ()", /"a in \(\)": the value set of 'in' and 'notin' must not be empty/],
    ["a=b c", /found 'c' at position 5, expected ',' or end of string after "a=b"/],
    ["a=b,", /found end of string, expected a label key/],
    [",a", /found ',' at position 1, expected a label key/],
    ["a>1", /'<' and '>' are not supported/],
    ["a=b=c", /found '=' at position 4/],
    ["-bad=x", /key "-bad": name part must consist of alphanumeric/],
    ["a=-bad", /value "-bad": must consist of alphanumeric/],
    ["Bad_Prefix/a=b", /key "Bad_Prefix\/a": prefix part must be a lowercase RFC 1123 subdomain/],
    [`a=${"x".repeat(64)}`, /must be no more than 63 characters/],
    ["a (b)", /expected an operator .* after key "a"/],
  ])("rejects %j with a message naming the bad part", (selector, message) => {
    expect(() => parseSelector(selector)).toThrow(SelectorError);
    expect(() => parseSelector(selector)).toThrow(message);
  });

  it("prints requirements sorted by key, with sorted value sets", () => {
    expect(parseSelector("z=1,a notin (c,b),m,!k,e in (y,x)").toString()).toBe("a notin (b,c),e in (x,y),!k,m,z=1");
  });
});

describe("label selector structured form", () => {
  it("converts the string form to matchLabels and matchExpressions", () => {
    expect(labelSelectorFromString("a=b,c!=d,e in (f,g),e notin (h),k,!l")).toEqual({
      matchLabels: { a: "b" },
      matchExpressions: [
        { key: "c", operator: "NotIn", values: ["d"] },
        { key: "e", operator: "In", values: ["f", "g"] },
        { key: "e", operator: "NotIn", values: ["h"] },
        { key: "k", operator: "Exists" },
        { key: "l", operator: "DoesNotExist" },
      ],
    });
  });

  it("keeps a second equality on the same key as an expression, so the meaning is unchanged", () => {
    const structured = labelSelectorFromString("a=b,a=c");
    expect(structured).toEqual({ matchLabels: { a: "b" }, matchExpressions: [{ key: "a", operator: "In", values: ["c"] }] });
    expect(matches(structured, { a: "b" })).toBe(false);
  });

  it("converts the structured form to the string form", () => {
    expect(
      labelSelectorToString({
        matchLabels: { tier: "edge", app: "gloo" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "dev"] },
          { key: "region", operator: "NotIn", values: ["eu"] },
          { key: "gpu", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("app=gloo,env in (dev,prod),gpu,!legacy,region!=eu,tier=edge");
  });

  it("round-trips both ways without changing what matches", () => {
    const text = "a=b,c!=d,e in (f,g),e notin (h),k,!l";
    const again = parseSelector(labelSelectorToString(labelSelectorFromString(text)));
    const cases: Record<string, string>[] = [{ a: "b", e: "f", k: "1" }, { a: "b", e: "h", k: "1" }, { a: "b", c: "d", e: "g", k: "" }, {}];
    for (const labels of cases) {
      expect(again.matches(labels)).toBe(parseSelector(text).matches(labels));
    }
  });

  it("matches with the empty selector selecting everything", () => {
    expect(matches({}, undefined)).toBe(true);
    expect(matches({ matchLabels: { a: "b" } }, { a: "b", c: "d" })).toBe(true);
    expect(matches({ matchExpressions: [{ key: "a", operator: "NotIn", values: ["b"] }] }, {})).toBe(true);
    expect(matches({ matchExpressions: [{ key: "a", operator: "In", values: ["b"] }] }, {})).toBe(false);
  });

  it.each([
    [{ matchExpressions: [{ key: "a", operator: "Foo" }] }, /selector\.matchExpressions\[0\]\.operator: unsupported value "Foo"/],
    [{ matchExpressions: [{ key: "a", operator: "In" }] }, /selector\.matchExpressions\[0\]\.values: must be specified when operator is In/],
    [{ matchExpressions: [{ key: "a", operator: "In", values: [] }] }, /values: must be specified/],
    [{ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }, /values: may not be specified when operator is Exists/],
    [{ matchExpressions: [{ key: "ok", operator: "Exists" }, { key: "", operator: "Exists" }] }, /matchExpressions\[1\]\.key: invalid key ""/],
    [{ matchExpressions: [{ key: "a", operator: "In", values: ["ok", "no way"] }] }, /matchExpressions\[0\]\.values\[1\]: invalid value "no way"/],
    [{ matchLabels: { a: "b c" } }, /selector\.matchLabels\.a: invalid value "b c"/],
    [{ matchLabels: { "a/b/c": "x" } }, /selector\.matchLabels: invalid key "a\/b\/c"/],
    [{ matchExpressions: {} }, /selector\.matchExpressions: must be a list/],
  ])("rejects %j naming the field", (selector, message) => {
    expect(() => selectorFromLabelSelector(selector as never)).toThrow(message);
  });

  it("names the caller's field in errors", () => {
    expect(() => selectorFromLabelSelector({ matchLabels: { a: "?" } }, "spec.placement.clusterSelector")).toThrow(
      /^spec\.placement\.clusterSelector\.matchLabels\.a: invalid value/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { parseSelector } from "../../console/src/state/selector.js";

describe("the matrix's cluster label filter", () => {
  const clusters = {
    east: { env: "prod", region: "us-east" },
    west: { env: "prod", region: "us-west", legacy: "true" },
    dev: { env: "dev" },
  };
  const matching = (text: string) => {
    const selector = parseSelector(text);
    return selector && Object.entries(clusters).filter(([, labels]) => selector(labels)).map(([name]) => name);
  };

  it("takes kubectl's selector forms", () => {
    expect(matching("")).toEqual(["east", "west", "dev"]);
    expect(matching("env=prod")).toEqual(["east", "west"]);
    expect(matching("env==prod, region!=us-west")).toEqual(["east"]);
    expect(matching("region")).toEqual(["east", "west"]);
    expect(matching("!legacy,env=prod")).toEqual(["east"]);
  });

  it("says when the text is not a selector rather than matching nothing", () => {
    expect(matching("env in (prod)")).toBeUndefined();
    expect(matching("!env=prod")).toBeUndefined();
  });
});

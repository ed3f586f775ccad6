import { describe, expect, it } from "vitest";
import { applyJsonPatch, applyMergePatch } from "../../src/federation/patch.js";

describe("JSON merge patch (RFC 7386)", () => {
  it("follows the RFC's examples", () => {
    expect(applyMergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(applyMergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: ["b"] }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({ a: { b: "d" } });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: "b", c: null })).toEqual({ a: "b" });
  });

  it("leaves the target untouched", () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe("JSON patch (RFC 6902)", () => {
  it("adds, removes, replaces, moves, copies and tests", () => {
    const doc = { foo: ["bar", "baz"], a: { b: 1 }, "x/y": { "~t": 1 } };
    expect(applyJsonPatch(doc, [{ op: "add", path: "/foo/1", value: "qux" }])).toMatchObject({ foo: ["bar", "qux", "baz"] });
    expect(applyJsonPatch(doc, [{ op: "add", path: "/foo/-", value: "end" }])).toMatchObject({ foo: ["bar", "baz", "end"] });
    expect(applyJsonPatch(doc, [{ op: "remove", path: "/foo/0" }])).toMatchObject({ foo: ["baz"] });
    expect(applyJsonPatch(doc, [{ op: "replace", path: "/a/b", value: 2 }])).toMatchObject({ a: { b: 2 } });
    expect(applyJsonPatch(doc, [{ op: "move", from: "/a/b", path: "/c" }])).toMatchObject({ a: {}, c: 1 });
    expect(applyJsonPatch(doc, [{ op: "copy", from: "/a", path: "/d" }])).toMatchObject({ a: { b: 1 }, d: { b: 1 } });
    expect(applyJsonPatch(doc, [{ op: "remove", path: "/x~1y/~0t" }])).toMatchObject({ "x/y": {} });
    expect(applyJsonPatch(doc, [{ op: "test", path: "/foo", value: ["bar", "baz"] }, { op: "replace", path: "", value: 1 }])).toBe(1);
    expect(doc).toEqual({ foo: ["bar", "baz"], a: { b: 1 }, "x/y": { "~t": 1 } });
  });

  it("names the failing operation and the reason", () => {
    const doc = { foo: ["bar"], a: 1 };
    expect(() => applyJsonPatch(doc, [{ op: "test", path: "/a", value: 1 }, { op: "remove", path: "/b" }])).toThrow(
      "jsonPatch[1]: remove /b: path does not exist",
    );
    expect(() => applyJsonPatch(doc, [{ op: "add", path: "/foo/5", value: 1 }])).toThrow("jsonPatch[0]: add /foo/5: index 5 is out of bounds");
    expect(() => applyJsonPatch(doc, [{ op: "replace", path: "/foo/01", value: 1 }])).toThrow('"01" is not an array index');
    expect(() => applyJsonPatch(doc, [{ op: "add", path: "/a/b", value: 1 }])).toThrow("parent is not an object or array");
    expect(() => applyJsonPatch(doc, [{ op: "move", from: "/foo", path: "/foo/0" }])).toThrow("cannot move /foo into itself");
    expect(() => applyJsonPatch(doc, { op: "add" })).toThrow("jsonPatch[0]: a JSON patch must be a list of operations");
  });
});

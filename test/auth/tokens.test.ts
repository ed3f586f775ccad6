import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateAdminToken } from "../../src/auth/admin-token.js";
import { parseTokenFile, StaticTokenAuthenticator } from "../../src/auth/static-tokens.js";
import { AuthenticationError } from "../../src/auth/errors.js";
import { TtlCache } from "../../src/auth/ttl-cache.js";

describe("the embedded admin token", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedplane-admin-token-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is generated on the first start into <data-dir>/admin-token, mode 0600, the token alone on one line, and kept", () => {
    const first = loadOrCreateAdminToken(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file!, "utf8")).toBe(`${first.token}\n`);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    chmodSync(first.file!, 0o644);
    const again = loadOrCreateAdminToken(dir);
    expect(again).toMatchObject({ token: first.token, created: false });
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
  });

  it("lives in memory only without a data dir, and differs each time", () => {
    expect(loadOrCreateAdminToken(undefined).token).not.toBe(loadOrCreateAdminToken(undefined).token);
  });
});

describe("kube-apiserver's static token file", () => {
  it("reads token,user,uid,\"groups\" lines, skipping comments and blank lines", () => {
    const entries = parseTokenFile('# users\n\nt1,alice,u1,"team-a,ops"\nt2,bob,u2\nt3,carol,,dev\n', "tokens.csv");
    expect(entries.map((e) => [e.token, e.identity.user, e.identity.uid, e.identity.groups])).toEqual([
      ["t1", "alice", "u1", ["team-a", "ops", "system:authenticated"]],
      ["t2", "bob", "u2", ["system:authenticated"]],
      ["t3", "carol", undefined, ["dev", "system:authenticated"]],
    ]);
  });

  it("names the file and line of a bad line and never shows the token", () => {
    expect(() => parseTokenFile("secret-token-1,alice\n", "tokens.csv")).toThrow('tokens.csv line 1: want token,user,uid[,"group1,group2"] (found 2 fields)');
    expect(() => parseTokenFile('s1,alice,u1\ns1,bob,u2\n', "f")).toThrow("f line 2: the same token is already on an earlier line");
    expect(() => parseTokenFile('s1,alice,u1,"a,b\n', "f")).toThrow("f line 1: a quoted field is not closed");
    try {
      parseTokenFile("secret-token-1,alice\n", "tokens.csv");
    } catch (e) {
      expect((e as Error).message).not.toContain("secret-token-1");
    }
  });

  it("authenticates known tokens and refuses others", async () => {
    const auth = new StaticTokenAuthenticator(parseTokenFile("t1,alice,u1\n", "f"));
    expect((await auth.authenticate({ bearerToken: "t1" }))?.user).toBe("alice");
    await expect(auth.authenticate({ bearerToken: "t2" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(await auth.authenticate({})).toBeUndefined();
  });
});

describe("the review cache", () => {
  it("forgets answers after the TTL and holds at most maxEntries", () => {
    let now = 0;
    const cache = new TtlCache<string>(1000, 2, () => now);
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([undefined, "2", "3", 2]);
    now = 1000;
    expect(cache.get("b")).toBeUndefined();
  });
});

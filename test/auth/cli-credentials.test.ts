import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadOrCreateAdminToken } from "../../src/auth/admin-token.js";
import { resolveToken } from "../../src/cli/credentials.js";

describe("the token the CLI sends", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedplane-cli-token-"));
  const dataDir = join(dir, "data");
  const admin = loadOrCreateAdminToken(dataDir).token;
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]
users: [{ name: alice, user: { token: alice-kube-token } }, { name: cert, user: { client-certificate: x.crt, client-key: x.key } }]
contexts: [{ name: alice, context: { cluster: c, user: alice } }, { name: cert, context: { cluster: c, user: cert } }]
current-context: alice
`,
  );
  const saved = process.env.FEDPLANE_TOKEN;
  afterEach(() => (saved === undefined ? delete process.env.FEDPLANE_TOKEN : (process.env.FEDPLANE_TOKEN = saved)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const local = "http://127.0.0.1:4000/graphql";

  it("uses a local embedded server's admin token, so the quick start needs none by hand", () => {
    delete process.env.FEDPLANE_TOKEN;
    expect(resolveToken({ dataDir }, local)).toBe(admin);
    expect(resolveToken({ dataDir }, "http://localhost:4000/graphql")).toBe(admin);
    expect(resolveToken({ dataDir }, "http://[::1]:4000/graphql")).toBe(admin);
  });

  it("never sends the local admin token to another machine, or to a rebinding name", () => {
    delete process.env.FEDPLANE_TOKEN;
    expect(resolveToken({ dataDir }, "https://fedplane.example.com/graphql")).toBeUndefined();
    expect(resolveToken({ dataDir }, "http://127.attacker.example:4000/graphql")).toBeUndefined();
  });

  it("prefers --token, then $FEDPLANE_TOKEN, then the --kubeconfig user's bearer token", () => {
    process.env.FEDPLANE_TOKEN = "from-env";
    expect(resolveToken({ token: "from-flag", dataDir }, local)).toBe("from-flag");
    expect(resolveToken({ dataDir, kubeconfig }, local)).toBe("from-env");
    delete process.env.FEDPLANE_TOKEN;
    expect(resolveToken({ dataDir, kubeconfig }, local)).toBe("alice-kube-token");
    expect(() => resolveToken({ kubeconfig, context: "cert" }, local)).toThrow(`--kubeconfig ${kubeconfig}: user "cert" has no bearer token; fedplane needs one (or pass --token)`);
  });
});

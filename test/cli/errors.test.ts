import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { runCli } from "./run-cli.js";

const upstream = (name: string, namespaces = "[gloo-system]") => `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata:
  name: ${name}
  namespace: gloo-system
spec:
  template:
    metadata:
      name: ${name}
    spec:
      static:
        hosts: [{ addr: example.com, port: 80 }]
  placement:
    clusters: [local]
    namespaces: ${namespaces}
`;

/** Every failure is one line with one prefix, says what to do, names the file and document, and sets the exit code. */
describe("CLI errors and exit codes", () => {
  let fp: TestFedplane;
  let server: string;
  let dir: string;

  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 0 });
    server = `--server=${fp.app.url}`;
    dir = mkdtempSync(join(tmpdir(), "fedplane-cli-errors-"));
  });
  afterAll(async () => {
    await fp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("usage mistakes: exit code 2, fedplane's prefix, the hint to --help", async () => {
    const flag = await runCli(["get", "upstreams", "--bogus", server]);
    expect(flag).toMatchObject({ code: 2, stdout: "", stderr: "fedplane: unknown option '--bogus'\n(run with --help for usage)\n" });
    const kind = await runCli(["get", "gadgets", server]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^fedplane: .*unknown kind "gadgets"; use one of federatedupstreams, /);
    const check = await runCli(["check", "-x", "upstream", server]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('unknown check "upstream": use one of connection, instances, deployments');
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:\n  0  done\n  1  a problem was found (check), something would change (diff), or the command failed");
  });

  it("a missing file is a clear message (no ENOENT), exit code 2", async () => {
    const missing = await runCli(["apply", "-f", "nope.yaml", server]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: "fedplane: cannot read nope.yaml: no such file or directory; -f takes files, directories or - (standard input)\n",
    });
  });

  it("manifest errors name the file and its document, from the CLI's reading and from the server's validation", async () => {
    const broken = join(dir, "broken");
    rmSync(broken, { recursive: true, force: true });
    writeFileSync(join(dir, "a.yaml"), upstream("first"));
    writeFileSync(join(dir, "b.yaml"), `${upstream("second")}---\n${upstream("third", "gloo-system")}`);
    const refused = await runCli(["apply", "-f", dir, server]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^fedplane: ${join(dir, "b.yaml")} \\(document 2\\): spec\\.placement\\.namespaces: \\S.*\\n$`));
    expect((await fp.client.federatedResources({ kind: "FederatedUpstream" })).federatedResources.nodes).toEqual([]);

    writeFileSync(join(dir, "b.yaml"), `${upstream("second")}---\nkind: [unclosed\n`);
    const syntax = await runCli(["apply", "-f", dir, server]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(new RegExp(`^fedplane: ${join(dir, "b.yaml")}: document 2: not valid YAML or JSON \\(line \\d+\\): .+\\n$`));
  });

  it("a taken port is one line: no stack trace, no WebSocket server noise; exit code 1", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await runCli(["serve", "--in-memory", "--port", String(port)]);
      expect(result).toMatchObject({
        code: 1,
        stdout: "",
        stderr: `fedplane: port ${port} on 127.0.0.1 is in use: stop what uses it, or pick another port with --port (or PORT)\n`,
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("a server that does not understand the request is not explained in API terms", async () => {
    // With credentials: unauthenticated, every path but the pages and probes answers 401 before 404.
    const result = await runCli(["get", "upstreams", `--server=${fp.app.url.replace(/graphql$/, "nothing")}`, `--token=${fp.token}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/graphql/i);
    expect(result.stderr).toMatch(/^fedplane: http:\/\/127\.0\.0\.1:\d+\/nothing is not a fedplane API \(HTTP 404\); point --server at the URL `fedplane serve` prints\n$/);
  });
});

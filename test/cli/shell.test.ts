import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** Completion candidates bash offers for a command line (the last word is the one being completed). */
function complete(script: string, line: string[]): Promise<string[]> {
  const program = `source "$1"; COMP_WORDS=(${line.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${line.length - 1}; _fedplane; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile("bash", ["-c", program, "bash", script], (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout.split("\n").filter(Boolean)))),
  );
}

describe("shell completion and contexts", () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-cli-shell-"));
    env = { FEDPLANE_CONFIG: join(dir, "config.yaml"), FEDPLANE_SERVER: "" };
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("completion bash: commands, subcommands, kinds with short names, flags; sourced in a real bash", async () => {
    const result = await runCli(["completion", "bash"]);
    expect(result.code).toBe(0);
    const script = join(dir, "fedplane.bash");
    writeFileSync(script, result.stdout);
    expect(await complete(script, ["fedplane", "de"])).toEqual(["delete"]);
    expect(await complete(script, ["fedplane", "get", "fedu"])).toEqual(["fedug", "fedus"]);
    expect(await complete(script, ["fedplane", "get", "virtuals"])).toEqual(["virtualservice", "virtualservices"]);
    expect(await complete(script, ["fedplane", "get", "fedus", "--show"])).toEqual(["--show-labels"]);
    expect(await complete(script, ["fedplane", "cluster", "re"])).toEqual(["register"]);
    expect(await complete(script, ["fedplane", "cluster", "register", "--cluster-n"])).toEqual(["--cluster-name"]);
    expect(await complete(script, ["fedplane", "config", "use"])).toEqual(["use-context"]);
  }, 120_000);

  it("completion zsh and fish: scripts for those shells; an unknown shell is a usage error", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.stdout).toContain("bashcompinit");
    expect(zsh.stdout).toContain("complete -o default -F _fedplane fedplane");
    const fish = await runCli(["completion", "fish"]);
    expect(fish.stdout).toContain('complete -c fedplane -n "__fish_seen_subcommand_from get" -l show-labels\n');
    expect(fish.stdout).toMatch(/complete -c fedplane -n "__fish_seen_subcommand_from get" -a "[^"]*\bfedus\b/);
    expect(await runCli(["completion", "tcsh"])).toMatchObject({ code: 2, stderr: 'fedplane: no completion for shell "tcsh": use one of bash, zsh, fish\n' });
  }, 120_000);

  it("contexts: set-context, get-contexts, use-context; commands then talk to the context's server", async () => {
    expect((await runCli(["config", "get-contexts"], { env })).stderr).toContain("No contexts in");
    expect(await runCli(["config", "set-context", "dev", "--server", "http://127.0.0.1:1/graphql"], { env })).toMatchObject({ code: 0, stdout: 'Context "dev" created.\n' });
    expect(await runCli(["config", "set-context", "prod", "--server", "http://127.0.0.1:2/graphql"], { env })).toMatchObject({ code: 0 });
    expect((await runCli(["config", "get-contexts"], { env })).stdout).toMatch(/^CURRENT +NAME +SERVER\n\* +dev +http:\/\/127\.0\.0\.1:1\/graphql\n +prod +http:\/\/127\.0\.0\.1:2\/graphql\n$/);
    expect(statSync(env.FEDPLANE_CONFIG).mode & 0o077).toBe(0);

    expect(await runCli(["config", "use-context", "prod"], { env })).toMatchObject({ code: 0, stdout: 'Switched to context "prod".\n' });
    expect((await runCli(["config", "current-context"], { env })).stdout).toBe("prod\n");
    expect(readFileSync(env.FEDPLANE_CONFIG, "utf8")).toContain("current-context: prod");
    const used = await runCli(["get", "fedus"], { env });
    expect(used).toMatchObject({ code: 1, stderr: expect.stringContaining("cannot reach fedplane at http://127.0.0.1:2/graphql") });
    const overridden = await runCli(["get", "fedus", "--server", "http://127.0.0.1:3/graphql"], { env });
    expect(overridden.stderr).toContain("cannot reach fedplane at http://127.0.0.1:3/graphql");
    expect((await runCli(["config", "use-context", "staging"], { env })).stderr).toContain('no context "staging"');
  }, 240_000);
});

import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const packageJson = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { ...options, env: { ...process.env, NO_COLOR: "1", ...options.env }, maxBuffer: 32 << 20, timeout: 480_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The ```ts block of docs/sdk.md that follows the "complete example" heading: the test runs what the docs show. */
function docsExample(): string {
  const docs = readFileSync(join(repo, "docs/sdk.md"), "utf8");
  const section = docs.slice(docs.indexOf("## A complete example"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("docs/sdk.md has no ```ts block after '## A complete example'");
  return match[1];
}

/**
 * `npm pack`, then `npm install <tarball>` into an empty directory outside the repository, offline from the npm
 * cache, as a user installs it; the installed CLI serves the embedded default, and TypeScript scripts importing
 * "fedplane/sdk" and "fedplane" are type-checked against the installed declarations and run against it.
 */
describe("the packed fedplane package, installed outside the repository", () => {
  let dir: string;
  let app: string;
  let tarball: string;
  let server: ChildProcess | undefined;
  let url: string;
  /** The admin token the installed `serve` printed: what a user passes as FEDPLANE_TOKEN. */
  let token: string;
  const fedplane = () => join(app, "node_modules/.bin/fedplane");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-package-"));
    app = join(dir, "app");
    mkdirSync(app);
    const packed = await run("npm", ["pack", "--pack-destination", dir, "--json"], { cwd: repo });
    expect(packed.code, packed.stderr).toBe(0);
    tarball = join(dir, JSON.parse(packed.stdout)[0].filename);

    const installed = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: app });
    if (installed.code !== 0) {
      throw new Error(
        "npm install --offline of the packed tarball failed. If npm says ENOTCACHED, the npm cache lacks registry " +
          `metadata for a dependency: run \`npm install --prefer-offline ${tarball}\` once in an empty directory to fill it.\n${installed.stderr}`,
      );
    }

    server = spawn(fedplane(), ["serve", "--in-memory", "--port", "0", "--embedded-clusters", "1", "--log-level", "warn"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    url = await new Promise<string>((resolve, reject) => {
      server!.stdout!.on("data", (d) => {
        out += d;
        const found = /GraphQL: +POST (\S+)/.exec(out);
        const admin = /Admin token: +(\S+)/.exec(out);
        if (found && admin) {
          token = admin[1];
          resolve(found[1]);
        }
      });
      server!.stderr!.on("data", (d) => (out += d));
      server!.on("exit", (code) => reject(new Error(`the installed fedplane serve exited (${code}):\n${out}`)));
    });
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.on("exit", resolve));
      server.kill("SIGINT");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("holds the built CLI, JavaScript and declarations, examples and CRDs; no sources, tests or dev tools", async () => {
    const listing = (await run("tar", ["tzf", tarball], { cwd: dir })).stdout.split("\n");
    for (const file of ["package/bin/fedplane.js", "package/dist/src/cli/main.js", "package/dist/src/sdk/client.d.ts", "package/dist/src/index.d.ts", "package/examples/federated-upstream.yaml", "package/docs/sdk.md"]) {
      expect(listing).toContain(file);
    }
    expect(listing.filter((f) => /^package\/(src|test|bench|tools)\/|\.map$|^package\/dist\/src\/controlplane\//.test(f))).toEqual([]);
    const installedPackage = JSON.parse(readFileSync(join(app, "node_modules/fedplane/package.json"), "utf8"));
    expect(Object.keys(installedPackage.dependencies)).not.toContain("tsx");
  });

  it("the installed CLI: version, apply -f from the package's examples, get", async () => {
    expect((await run(fedplane(), ["--version"], { cwd: app })).stdout.trim()).toBe(packageJson.version);
    const applied = await run(fedplane(), ["apply", "-f", "node_modules/fedplane/examples", "--server", url], { cwd: app, env: { FEDPLANE_TOKEN: token } });
    expect(applied).toMatchObject({
      code: 0,
      stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream created\nfederatedvirtualservice.fed.gateway.solo.io/my-federated-vs created\n",
    });
    const got = await run(fedplane(), ["get", "federatedupstreams", "--server", url], { cwd: app, env: { FEDPLANE_TOKEN: token } });
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^NAMESPACE +NAME .*\ngloo-system +my-federated-upstream /);
  }, 120_000);

  it("docs/sdk.md's example type-checks against the installed declarations and runs: apply, watch, a refused manifest", async () => {
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "sdk-user", private: true, type: "module" }));
    writeFileSync(join(app, "example.ts"), docsExample());
    writeFileSync(
      join(app, "embed.ts"),
      'import { createFedplane, version } from "fedplane";\nimport type { FedplaneClient } from "fedplane/sdk";\n' +
        "const typed: (c: FedplaneClient) => Promise<unknown> = (c) => c.serverInfo();\n" +
        "console.log(typeof createFedplane, version, typeof typed);\n",
    );
    // A script misusing the SDK must fail the type check: the declarations are real types, not `any`.
    writeFileSync(join(app, "wrong.ts"), 'import { createFedplaneClient } from "fedplane/sdk";\nawait createFedplaneClient({ url: "x" }).applyManifest({ manifest: 42 });\n');
    const tsconfig = (files: string[]) => ({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        outDir: "out",
        // The repository's @types/node, so the user's directory needs nothing but the installed package.
        typeRoots: [join(repo, "node_modules/@types")],
        types: ["node"],
      },
      files,
    });
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify(tsconfig(["example.ts", "embed.ts"])));
    writeFileSync(join(app, "tsconfig.wrong.json"), JSON.stringify(tsconfig(["wrong.ts"])));
    const tsc = join(repo, "node_modules/typescript/bin/tsc");

    const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app });
    expect(checked.stdout + checked.stderr).toBe("");
    const wrong = await run(process.execPath, [tsc, "-p", "tsconfig.wrong.json", "--noEmit"], { cwd: app });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toContain("wrong.ts(2,");
    expect(wrong.stdout).toContain("Type 'number' is not assignable to type 'string'");

    const example = await run(process.execPath, ["out/example.js"], { cwd: app, env: { FEDPLANE_SERVER: url, FEDPLANE_TOKEN: token } });
    expect(example.stderr).toBe("");
    expect(example.code).toBe(0);
    const lines = example.stdout.split("\n");
    expect(lines[0]).toBe("FederatedUpstream gloo-system/petstore: CREATED");
    expect(lines).toContain("placement: PLACED cluster-1/gloo-system=PLACED local/gloo-system=PLACED");
    expect(example.stdout).toMatch(/\nrefused \(BAD_USER_INPUT, document 1: spec\.placement\.namespaces\): .+ must list at least one namespace .+\n$/);

    const embed = await run(process.execPath, ["out/embed.js"], { cwd: app });
    expect(embed).toMatchObject({ code: 0, stdout: `function ${packageJson.version} function\n` });
  }, 180_000);
});

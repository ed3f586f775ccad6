import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedManifest } from "../../src/app/examples.js";
import { runCli } from "../cli/run-cli.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { ensureConsoleBuilt, haveChromium, CHROMIUM, openBrowser, type Browser } from "./browser.js";

const ci = process.env.CI === "true";
if (!haveChromium && !ci) console.warn(`\n!!! SKIPPING the console browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium) !!!\n`);


const upstream = (name: string, clusters: string[], spec: object) => `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata:
  name: ${name}
  namespace: gloo-system
spec:
  placement:
    clusters: ${JSON.stringify(clusters)}
    namespaces: [gloo-system]
  template:
    metadata:
      name: ${name}
    spec: ${JSON.stringify(spec)}
`;

const cell = (page: Page, resource: string, cluster: string) => page.locator(`.cell[data-resource="${resource}"][data-cluster="${cluster}"]`);
const cellState = (page: Page, resource: string, cluster: string) => cell(page, resource, cluster).getAttribute("data-state", { timeout: 1_000 });
const CLUSTERS = ["local", "cluster-1", "cluster-2"];
const SEED = ["FederatedUpstream/gloo-system/my-federated-upstream", "FederatedVirtualService/gloo-system/my-federated-vs"];

describe.skipIf(!haveChromium && !ci)("web console in a real browser (Debian Chromium, offline)", () => {
  let fp: TestFedplane;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let tmp: string;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    ensureConsoleBuilt();
    fp = await startTestFedplane({ embeddedClusters: 2 });
    origin = new URL(fp.app.url).origin;
    browser = await openBrowser();
    page = browser.page;
    tmp = mkdtempSync(join(tmpdir(), "fedplane-console-test-"));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fp?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("is served at / with a policy that keeps it to this server; the playground stays at /graphql", async () => {
    const index = await fetch(`${origin}/`, { headers: { accept: "text/html" } });
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<div id="app">');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
    expect(index.headers.get("content-security-policy")).toContain("connect-src 'self'");
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${origin}${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    // fetch resolves the dot segments itself; with credentials, nothing outside the console is served from here.
    expect((await fetch(`${origin}/assets/../../package.json`, { headers: fp.authHeaders })).status).toBe(404);
    const playground = await fetch(`${origin}/graphql`, { headers: { accept: "text/html" } });
    expect(await playground.text()).toContain("YogaGraphiQL");
  });

  it("takes the token from the URL fragment, keeps it for the session, and shows every cluster in the overview", async () => {
    await page.goto(`${origin}/#token=${fp.token}`);
    await page.waitForSelector('.cluster-row[data-cluster="cluster-2"]', { timeout: 30_000 });
    expect(page.url()).not.toContain(fp.token);
    expect(await page.evaluate(() => sessionStorage.getItem("fedplane.token"))).toBe(fp.token);
    for (const name of CLUSTERS) {
      const row = page.locator(`.cluster-row[data-cluster="${name}"]`);
      await eventually(async () => {
        const text = await row.innerText();
        expect(text).toContain("Ready");
        expect(text).toMatch(/v1\.\d+/); // the Kubernetes version
        expect(text).toContain("gloo-system"); // its Gloo instance
      }, { timeoutMs: 20_000 });
    }
    await eventually(async () => expect(await page.locator(".top .live").innerText()).toContain("live"));
  });

  it("renders the seed flow live: the overview counts and the matrix cells turn PLACED and accepted", async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await fp.client.applyManifest({ manifest: seedManifest(["*"]) });
    await eventually(async () => {
      const accepted = page.locator('#app [data-testid="destination-counts"] [data-state="accepted"]');
      expect(await accepted.innerText({ timeout: 1_000 })).toContain("6");
    }, { timeoutMs: 30_000 });
    await browser.screenshot("overview");

    await page.click("nav >> text=Placement matrix");
    for (const r of SEED) for (const c of CLUSTERS) await eventually(async () => expect(await cellState(page, r, c)).toBe("accepted"), { timeoutMs: 20_000 });
    expect(await page.locator('[data-testid="matrix-size"]').innerText()).toContain("2 of 2 resources × 3 clusters");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it("turns the cells of a resource applied through the CLI PLACED without a reload", async () => {
    const file = join(tmp, "cli-upstream.yaml");
    writeFileSync(file, upstream("cli-upstream", ["cluster-1", "cluster-2"], { static: { hosts: [{ addr: "cli.example.com", port: 80 }] } }));
    const key = "FederatedUpstream/gloo-system/cli-upstream";
    expect(await cell(page, key, "cluster-1").count()).toBe(0);
    const applied = await runCli(["apply", "-f", file, `--server=${fp.app.url}`]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    for (const c of ["cluster-1", "cluster-2"]) await eventually(async () => expect(await cellState(page, key, c)).toBe("accepted"), { timeoutMs: 20_000 });
    expect(await cellState(page, key, "local")).toBe("none");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await browser.screenshot("matrix");
  }, 120_000); // the CLI is a child process compiling its sources on start

  it("shows a template Gloo rejects as PLACED but rejected, and the destination with Gloo's reason and the diff", async () => {
    const key = "FederatedUpstream/gloo-system/bad-upstream";
    await fp.client.applyManifest({ manifest: upstream("bad-upstream", ["cluster-2"], { static: { hosts: [] } }) });
    await eventually(async () => expect(await cellState(page, key, "cluster-2")).toBe("rejected"), { timeoutMs: 20_000 });
    const status = await fp.client.federatedResourceHealth({ kind: "FederatedUpstream", namespace: "gloo-system", name: "bad-upstream" });
    expect(status.federatedResource?.placementStatus?.state).toBe("PLACED");

    await page.selectOption('select[name="state"]', "rejected");
    await eventually(async () => expect(await page.locator('[data-testid="matrix-size"]').innerText()).toContain("1 of 4 resources"));
    await cell(page, key, "cluster-2").click();
    const panel = page.locator('[data-testid="destination"]');
    await eventually(async () => {
      expect(await panel.locator('[data-testid="gloo-verdict"]').innerText({ timeout: 1_000 })).toMatch(/REJECTED.*at least one host/);
      expect(await panel.locator('[data-testid="gloo-status"]').innerText({ timeout: 1_000 })).toContain("Rejected");
      expect(await panel.locator('[data-testid="template-diff"]').innerText({ timeout: 1_000 })).toContain("no difference");
    }, { timeoutMs: 20_000 });
    await browser.screenshot("destination");
    await page.selectOption('select[name="state"]', "");
  });

  it("applies with a dry run first: the plan per cluster and namespace with diffs, then the resources", async () => {
    await page.click("nav >> text=Apply");
    const manifest = [
      upstream("planned-upstream", ["cluster-1", "cluster-2"], { static: { hosts: [{ addr: "planned.example.com", port: 80 }] } }),
      upstream("cli-upstream", ["cluster-1"], { static: { hosts: [{ addr: "cli.example.com", port: 8080 }] } }),
    ].join("---\n");
    await page.fill('textarea[name="manifest"]', manifest);
    await page.click("button >> text=Dry run");
    const plan = page.locator('[data-testid="plan"]');
    await plan.waitFor({ timeout: 20_000 });
    const row = (cluster: string, action: string) => plan.locator(`tr[data-cluster="${cluster}"][data-namespace="gloo-system"][data-action="${action}"]`);
    expect(await row("cluster-1", "create").count()).toBe(1);
    expect(await row("cluster-2", "create").count()).toBe(1);
    const diff = await row("cluster-1", "change").innerText();
    expect(diff).toMatch(/^-\s+port: 80$/m);
    expect(diff).toMatch(/^\+\s+port: 8080$/m);
    expect(await row("cluster-2", "remove").count()).toBe(1);
    expect(await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "planned-upstream" })).toEqual({ federatedResource: null });
    await browser.screenshot("apply-plan");

    await page.click("button.primary >> text=Apply");
    await eventually(async () => expect(await page.locator('[data-testid="applied"]').innerText({ timeout: 1_000 })).toMatch(/created: FederatedUpstream gloo-system\/planned-upstream/), { timeoutMs: 20_000 });
    await page.click("nav >> text=Placement matrix");
    const key = "FederatedUpstream/gloo-system/planned-upstream";
    for (const c of ["cluster-1", "cluster-2"]) await eventually(async () => expect(await cellState(page, key, c)).toBe("accepted"), { timeoutMs: 20_000 });
    await eventually(async () => expect(await cellState(page, "FederatedUpstream/gloo-system/cli-upstream", "cluster-2")).toBe("none"), { timeoutMs: 20_000 });
  });

  it("shows a resource with its template, destinations and event timeline, and deletes it after confirmation", async () => {
    await page.click('.row-head:has-text("planned-upstream")');
    await page.waitForSelector('[data-testid="destinations"] tr[data-cluster="cluster-2"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="template"]').innerText()).toContain("planned.example.com");
    await eventually(async () => expect(await page.locator('[data-testid="timeline"]').innerText()).toMatch(/cluster-1\/gloo-system.*PLACED/s), { timeoutMs: 20_000 });
    await browser.screenshot("resource");

    await page.click("button >> text=Delete…");
    const confirm = page.locator('button[type="submit"] >> text=Delete planned-upstream');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('input[name="confirm"]', "planned-upstream");
    await confirm.click();
    await eventually(async () => expect(await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "planned-upstream" })).toEqual({ federatedResource: null }), { timeoutMs: 20_000 });
    await eventually(async () => expect(await page.locator("main").innerText()).toContain("does not exist"), { timeoutMs: 20_000 });
  });

  it("shows the health check with the cluster that has problems first", async () => {
    await page.click("nav >> text=Health");
    const first = page.locator(".check-cluster").first();
    await eventually(async () => {
      expect(await first.getAttribute("data-cluster", { timeout: 1_000 })).toBe("cluster-2");
      expect(await first.innerText()).toMatch(/Checking Upstreams\.\.\. ERROR/);
      expect(await first.innerText()).toContain("bad-upstream");
    }, { timeoutMs: 20_000 });
    expect(await page.locator('.check-cluster[data-cluster="cluster-1"]').getAttribute("class")).toContain("ok");
    await browser.screenshot("health");
  });

  it("requested nothing from outside this server", () => {
    const foreign = browser.requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).host !== new URL(origin).host);
    expect(foreign, "requests that left the fedplane server").toEqual([]);
    expect(new Set(browser.requests.filter((u) => u.startsWith("ws")))).toEqual(new Set([fp.app.wsUrl]));
  });
});

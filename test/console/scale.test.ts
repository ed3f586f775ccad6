import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { ensureConsoleBuilt, haveChromium, CHROMIUM, openBrowser, type Browser } from "./browser.js";

const ci = process.env.CI === "true";
const CLUSTERS = 1_000; // the admin cluster ("local") and 999 embedded workload clusters
const RESOURCES = 100;

const manifest = (port: number) =>
  Array.from({ length: RESOURCES }, (_, i) => {
    const name = `scale-${String(i).padStart(3, "0")}`;
    return `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata: { name: ${name}, namespace: gloo-system }
spec:
  placement: { clusters: ["*"], namespaces: [gloo-system] }
  template:
    metadata: { name: ${name} }
    spec: { static: { hosts: [{ addr: ${name}.example.com, port: ${port} }] } }
`;
  }).join("---\n");

const text = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).innerText({ timeout: 1_000 });

describe.skipIf(!haveChromium && !ci)(`web console at ${CLUSTERS} clusters x ${RESOURCES} resources`, () => {
  let fp: TestFedplane;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    ensureConsoleBuilt();
    // Without the simulated Gloo: 1,000 of them are not what this test is about (cells show PLACED, no verdict yet).
    fp = await startTestFedplane({ embeddedClusters: CLUSTERS - 1, simulateGloo: false });
    await fp.client.applyManifest({ manifest: manifest(80) });
    await eventually(async () => expect((await fp.client.federatedResources({ state: "PLACED", first: 1 })).federatedResources.totalCount).toBe(RESOURCES), {
      timeoutMs: 280_000,
      intervalMs: 1_000,
    });
    browser = await openBrowser();
    page = browser.page;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await fp?.stop();
  }, 120_000);

  it("counts every destination live and renders only the visible part of the matrix", async () => {
    await page.goto(new URL(`/#token=${fp.token}`, fp.app.url).href);
    await eventually(async () => {
      expect(await text(page, "destination-counts")).toContain(`${CLUSTERS * RESOURCES} destinations`);
      expect(await page.locator('[data-testid="destination-counts"] [data-state="placed"]').innerText()).toContain(String(CLUSTERS * RESOURCES));
    }, { timeoutMs: 540_000, intervalMs: 1_000 });
    expect(await text(page, "clusters-card")).toContain(`${CLUSTERS}/${CLUSTERS}`);
    expect(await page.locator(".cluster-row[data-cluster]").count()).toBeLessThan(100);

    await page.click("nav >> text=Placement matrix");
    await eventually(async () => expect(await text(page, "matrix-size")).toContain(`${RESOURCES} of ${RESOURCES} resources × ${CLUSTERS} clusters`));
    const rendered = await page.locator(".cell").count();
    expect(rendered).toBeGreaterThan(100);
    expect(rendered).toBeLessThan(5_000); // of 100,000

    await page.locator('[data-testid="matrix"]').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.scrollLeft = el.scrollWidth;
    });
    const corner = page.locator('.cell[data-resource="FederatedUpstream/gloo-system/scale-099"][data-cluster="local"]');
    await eventually(async () => expect(await corner.getAttribute("data-state", { timeout: 1_000 })).toBe("placed"));
    expect(await page.locator(".cell").count()).toBeLessThan(5_000);
    await browser.screenshot("matrix-1000-clusters");
  }, 600_000);

  it("stays usable while a change to every resource streams in", async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const applied = fp.client.applyManifest({ manifest: manifest(8080) });
    // A click while the events stream in (dispatched: the cell is on screen already, no scrolling into view).
    await page.locator('.cell[data-resource="FederatedUpstream/gloo-system/scale-099"][data-cluster="local"]').dispatchEvent("click");
    await page.locator('[data-testid="destination"]').waitFor({ timeout: 30_000 });
    await applied;
    await page.goto(new URL("/#/resource/FederatedUpstream/gloo-system/scale-050", fp.app.url).href);
    await eventually(async () => expect(await text(page, "template")).toContain("port: 8080"), { timeoutMs: 300_000, intervalMs: 1_000 });
    await eventually(async () => expect(await page.locator('[data-testid="destinations"] tbody tr').count()).toBe(CLUSTERS), { timeoutMs: 300_000, intervalMs: 1_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }, 600_000);
});

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedManifest } from "../../src/app/examples.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const ci = process.env.CI === "true";
if (!haveChromium && !ci) {
  console.warn(`\n!!! SKIPPING the playground browser test: no Chromium at ${CHROMIUM} (apt-get install chromium) !!!\n`);
}

/** Runs one operation of the preloaded example document: ▶ opens a menu of its operations. */
async function run(page: Page, operation: string) {
  await page.click(".graphiql-execute-button");
  await page.locator("[role=menuitem]", { hasText: new RegExp(`^${operation}$`) }).click();
}

const responseText = (page: Page) => page.locator(".graphiql-response").innerText();

describe.skipIf(!haveChromium && !ci)("playground in a real browser (Debian Chromium, offline)", () => {
  let fp: TestFedplane;
  let context: BrowserContext;
  let userDataDir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    fp = await startTestFedplane({ embeddedClusters: 2 });
    userDataDir = mkdtempSync(join(tmpdir(), "fedplane-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.on("request", (r) => requests.push(r.url()));
    context.on("page", (p) => p.on("websocket", (ws) => requests.push(ws.url())));
    for (const p of context.pages()) p.on("websocket", (ws) => requests.push(ws.url()));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await fp?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("runs a query and a subscription that receives a placement event, without a request leaving this server", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${fp.app.url}#token=${fp.token}`); // the console link fedplane serve prints
    await page.waitForSelector(".graphiql-execute-button", { timeout: 30_000 });

    await run(page, "Clusters");
    await eventually(async () => expect(await responseText(page)).toContain('"cluster-1"'), { timeoutMs: 20_000 });

    await run(page, "Placement");
    await eventually(() => expect(requests.some((u) => u.startsWith("ws://"))).toBe(true), { timeoutMs: 20_000 });
    await fp.client.applyManifest({ manifest: seedManifest(["*"]) });
    await eventually(
      async () => {
        const text = await responseText(page);
        expect(text).toContain('"placementStatusChanged"');
        expect(text).toContain('"PLACED"');
      },
      { timeoutMs: 20_000 },
    );

    const origin = new URL(fp.app.url);
    const foreign = requests.filter((u) => {
      if (u.startsWith("data:") || u.startsWith("blob:")) return false;
      const url = new URL(u);
      return url.host !== origin.host;
    });
    expect(foreign, "requests that left the fedplane server").toEqual([]);
    expect(requests.filter((u) => u.startsWith("ws://"))).toEqual([fp.app.wsUrl]);
  }, 120_000);
});

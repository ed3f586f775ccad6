import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { ensureConsoleBuilt, haveChromium, CHROMIUM, openBrowser, type Browser } from "./browser.js";

const ci = process.env.CI === "true";

/**
 * Signing in against fedplane's real authentication (the embedded admin token): the console asks for a token, shows a
 * refused one as refused, and sends the accepted one with every HTTP request and in graphql-ws's connection_init.
 */
describe.skipIf(!haveChromium && !ci)("signing in to the web console", () => {
  let fp: TestFedplane;
  let browser: Browser;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    ensureConsoleBuilt();
    fp = await startTestFedplane({ embeddedClusters: 0 });
    browser = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fp?.stop();
  });

  it("asks for a token, refuses a wrong one, then sends the right one over HTTP and in connection_init", async () => {
    const page = browser.page;
    const httpAuth: string[] = [];
    const wsInit: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/graphql") && r.method() === "POST") httpAuth.push(r.headers().authorization ?? "");
    });
    page.on("websocket", (ws) => ws.on("framesent", (f) => typeof f.payload === "string" && f.payload.includes("connection_init") && wsInit.push(f.payload)));

    await page.goto(new URL("/", fp.app.url).href);
    await page.locator('input[name="token"]').waitFor({ timeout: 30_000 });
    expect(await page.locator(".prompt").innerText()).toContain("This server needs a token.");

    await page.fill('input[name="token"]', "wrong");
    await page.click("button >> text=Sign in");
    await eventually(async () => expect(await page.locator(".prompt").innerText()).toContain("The server refused this token."));

    await page.fill('input[name="token"]', fp.token);
    await page.click("button >> text=Sign in");
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    expect(await page.locator(".top").innerText()).toContain("fedplane-admin");
    expect(httpAuth).toContain(`Bearer ${fp.token}`);
    // graphql-ws connectionParams: browsers cannot set headers on a WebSocket.
    await eventually(() => expect(wsInit.some((p) => p.includes(`Bearer ${fp.token}`))).toBe(true));
  });

  it("signs in from the link fedplane prints (#token=...) and takes the token out of the address bar", async () => {
    const page = await browser.context.newPage();
    await page.goto(new URL(`/#token=${fp.token}`, fp.app.url).href);
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    expect(page.url()).not.toContain(fp.token);
    await page.reload(); // kept for the session
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    await page.close();
  });
});

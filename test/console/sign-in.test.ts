import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Authenticator, Credentials } from "../../src/graphql/identity.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { ensureConsoleBuilt, haveChromium, CHROMIUM, openBrowser, type Browser } from "./browser.js";

const ci = process.env.CI === "true";
const TOKEN = "the-admin-token";

/** Accepts exactly one bearer token, as a token-checking server would, and records what each request carried. */
function oneToken(seen: Credentials[]): Authenticator {
  return {
    async authenticate(credentials) {
      seen.push(credentials);
      if (credentials.authorization !== `Bearer ${TOKEN}`) {
        throw new GraphQLError("a valid bearer token is required", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
      }
      return { user: "admin", groups: ["system:masters"], authenticated: true };
    },
  };
}

describe.skipIf(!haveChromium && !ci)("signing in to the web console", () => {
  let fp: TestFedplane;
  let browser: Browser;
  const seen: Credentials[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    ensureConsoleBuilt();
    fp = await startTestFedplane({ embeddedClusters: 0, authenticator: oneToken(seen) });
    browser = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fp?.stop();
  });

  it("asks for a token when the server wants one, then sends it over HTTP and in connection_init", async () => {
    const page = browser.page;
    await page.goto(new URL("/", fp.app.url).href);
    await page.locator('input[name="token"]').waitFor({ timeout: 30_000 });
    expect(await page.locator(".prompt").innerText()).toContain("This server needs a token.");

    await page.fill('input[name="token"]', "wrong");
    await page.click("button >> text=Sign in");
    await eventually(async () => expect(await page.locator(".prompt").innerText()).toContain("The server refused this token."));

    await page.fill('input[name="token"]', TOKEN);
    await page.click("button >> text=Sign in");
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    expect(await page.locator(".top").innerText()).toContain("admin");
    expect(seen.some((c) => c.authorization === `Bearer ${TOKEN}` && c.upgrade === undefined && c["content-type"]?.includes("json"))).toBe(true);
    // graphql-ws connectionParams: browsers cannot set headers on a WebSocket.
    expect(seen.some((c) => c.authorization === `Bearer ${TOKEN}` && c.upgrade === "websocket")).toBe(true);
  });

  it("signs in from the link fedplane prints (#token=...) and takes the token out of the address bar", async () => {
    const page = await browser.context.newPage();
    await page.goto(new URL(`/#token=${TOKEN}`, fp.app.url).href);
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    expect(page.url()).not.toContain(TOKEN);
    await page.reload(); // kept for the session
    await page.locator('.cluster-row[data-cluster="local"]').waitFor({ timeout: 30_000 });
    await page.close();
  });
});

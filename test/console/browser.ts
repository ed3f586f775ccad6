import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
/** Screenshots of each view, kept as test artifacts. */
export const ARTIFACTS = join(root, "test-results", "console");

/** Builds dist/console when it is missing or stale (a no-op when nothing changed, as in npm start). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, ["console/build.mjs"], { cwd: root, stdio: "inherit" });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser requested (HTTP and WebSocket). */
  requests: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Debian's headless Chromium through playwright-core, with a fresh profile and no background traffic of its own. */
export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "fedplane-console-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const requests: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const watch = (p: Page) => p.on("websocket", (ws) => requests.push(ws.url()));
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    requests,
    async screenshot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

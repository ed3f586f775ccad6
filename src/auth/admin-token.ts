import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { authenticatedIdentity } from "./identity.js";

/** The embedded server's administrator: in system:masters, like kubeadm's admin.conf user. */
export const ADMIN_USER = "fedplane-admin";
export const adminIdentity = authenticatedIdentity(ADMIN_USER, ["system:masters"]);
export const ADMIN_TOKEN_FILE = "admin-token";

const newToken = () => randomBytes(32).toString("base64url");

/**
 * The embedded default's admin token: generated on the first start and kept in `<dataDir>/admin-token` (mode 0600, the
 * token alone on one line), so the CLI on the same machine finds it. In memory only (no data dir) it lives as long as
 * the process. `created` says whether it was just made (the CLI prints it once then).
 */
export function loadOrCreateAdminToken(dataDir: string | undefined): { token: string; file?: string; created: boolean } {
  if (dataDir === undefined) return { token: newToken(), created: true };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const existing = readAdminToken(dataDir);
  if (existing) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600); // never readable by others, even if someone loosened it
    return { token: existing, file, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "w" });
  chmodSync(file, 0o600); // the umask may have cut the mode down, never up; make it exact
  return { token, file, created: true };
}

/** The token in `<dataDir>/admin-token`, or undefined when there is none (yet). */
export function readAdminToken(dataDir: string): string | undefined {
  try {
    const token = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), "utf8").trim();
    return token || undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

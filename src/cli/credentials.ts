import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { readAdminToken } from "../auth/admin-token.js";
import { currentContext } from "./config.js";
import { loadKubeconfigFile } from "../cluster/kubernetes/kubeconfig.js";
import { isLoopback } from "../http/hosts.js";

/** The flags every command that talks to a server takes for credentials. */
export interface CredentialFlags {
  token?: string;
  kubeconfig?: string;
  context?: string;
  dataDir?: string;
}

export const DEFAULT_DATA_DIR = ".fedplane";

/**
 * The token the CLI sends, first found wins: --token, $FEDPLANE_TOKEN, the bearer token of the --kubeconfig user (so
 * fedplane sees the same user kubectl is), the current context's token when the server is that context's
 * (`fedplane config`), and for a server on this machine the embedded data directory's admin
 * token (--data-dir, $FEDPLANE_DATA_DIR or ./.fedplane), so the quick start needs no token by hand.
 */
export function resolveToken(flags: CredentialFlags, serverUrl: string): string | undefined {
  if (flags.token) return flags.token;
  if (process.env.FEDPLANE_TOKEN) return process.env.FEDPLANE_TOKEN;
  if (flags.kubeconfig) return kubeconfigToken(flags.kubeconfig, flags.context);
  const context = currentContext();
  if (context?.token && context.server === serverUrl) return context.token;
  if (!isLoopback(new URL(serverUrl).hostname.replace(/^\[|\]$/g, ""))) return undefined;
  return readAdminToken(flags.dataDir ?? process.env.FEDPLANE_DATA_DIR ?? DEFAULT_DATA_DIR);
}

function kubeconfigToken(file: string, context: string | undefined): string {
  const selected = loadKubeconfigFile(file, context);
  const { token, "token-file": tokenFile } = selected.user as { token?: unknown; "token-file"?: unknown };
  if (typeof token === "string" && token) return token;
  if (typeof tokenFile === "string" && tokenFile) {
    try {
      return readFileSync(tokenFile, "utf8").trim();
    } catch (e) {
      throw new Error(`--kubeconfig ${file}: cannot read the user's token-file (${(e as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
  }
  const who = selected.userName ? `user "${selected.userName}"` : `context "${selected.contextName}"`;
  throw new Error(`--kubeconfig ${file}: ${who} has no bearer token; fedplane needs one (or pass --token)`);
}

let current: CredentialFlags = {};

/** The credential flags of the command being run (set before its action by credentialOptions' hook). */
export const currentCredentials = (): CredentialFlags => current;

/** Adds --token, --kubeconfig, --context and --data-dir to a command that talks to a server. */
export function credentialOptions(command: Command): Command {
  return command
    .option("--token <token>", "bearer token to send (default: $FEDPLANE_TOKEN, the --kubeconfig user's, or a local server's admin token)")
    .option("--kubeconfig <file>", "send the bearer token of this kubeconfig's user: fedplane checks it as the admin cluster would")
    .option("--context <name>", "kubeconfig context with --kubeconfig (default: the current context)")
    .option("--data-dir <dir>", `data dir of a local embedded server, where its admin-token is (default: $FEDPLANE_DATA_DIR or ${DEFAULT_DATA_DIR})`)
    .hook("preAction", (_program, action) => {
      const { token, kubeconfig, context, dataDir } = action.opts<CredentialFlags>();
      current = { token, kubeconfig, context, dataDir };
    });
}

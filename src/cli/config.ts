import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";

/** One server the CLI can talk to, as kubectl's contexts: `fedplane config use-context prod`. */
export interface Context {
  name: string;
  server: string;
  /** Credentials for the server; sent by the authentication options, which own this field. */
  token?: string;
}

export interface CliConfig {
  "current-context"?: string;
  contexts: Context[];
}

/** $FEDPLANE_CONFIG, else $XDG_CONFIG_HOME/fedplane/config.yaml, else ~/.config/fedplane/config.yaml. */
export function configPath(): string {
  if (process.env.FEDPLANE_CONFIG) return process.env.FEDPLANE_CONFIG;
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), ".config"), "fedplane", "config.yaml");
}

export function loadConfig(path = configPath()): CliConfig {
  if (!existsSync(path)) return { contexts: [] };
  let value: unknown;
  try {
    value = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path} is not valid YAML (${(e as Error).message.split("\n")[0]}): fix or remove it`);
  }
  const config = (value ?? {}) as Partial<CliConfig>;
  if (config.contexts !== undefined && !Array.isArray(config.contexts)) throw new Error(`${path}: contexts must be a list of {name, server}`);
  for (const [i, c] of (config.contexts ?? []).entries()) {
    if (typeof c?.name !== "string" || typeof c?.server !== "string") throw new Error(`${path}: contexts[${i}] needs a name and a server`);
  }
  return { ...config, contexts: config.contexts ?? [] };
}

/** Written whole through a temporary file, private to the user (a context may hold a token). */
export function saveConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, stringify(config), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** The current context, if the config names one that exists. */
export function currentContext(config = loadConfig()): Context | undefined {
  return config.contexts.find((c) => c.name === config["current-context"]);
}

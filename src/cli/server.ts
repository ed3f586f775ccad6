import type { Command } from "commander";
import { createFedplaneClient, FedplaneRequestError, type FedplaneClient } from "../sdk/client.js";
import { credentialOptions, currentCredentials, resolveToken } from "./credentials.js";

export const DEFAULT_SERVER = "http://127.0.0.1:4000/graphql";

/** The --server option every command that talks to a running fedplane takes. */
export function withServerOption(command: Command): Command {
  return credentialOptions(command.option("--server <url>", "fedplane's GraphQL endpoint (default: $FEDPLANE_SERVER or " + DEFAULT_SERVER + ")"));
}

export function serverUrl(flag: string | undefined): string {
  const url = flag ?? process.env.FEDPLANE_SERVER ?? DEFAULT_SERVER;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new Error(`--server ${url} is not an http(s) URL; use e.g. ${DEFAULT_SERVER}`);
  }
  return url;
}

/** What went wrong talking to the server, worded so the user knows what to do next. */
export function explain(url: string, e: unknown): Error {
  if (e instanceof FedplaneRequestError) {
    const field = e.field ? ` (${e.field})` : "";
    if (e.status === 404) return new Error(`${url} is not a fedplane GraphQL endpoint (HTTP 404); point --server at .../graphql`);
    return new Error(`${e.message}${field}`);
  }
  const cause = (e as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ECONNRESET" || (e instanceof TypeError && /fetch failed/.test(e.message))) {
    return new Error(`cannot reach fedplane at ${url}: is \`fedplane serve\` running? Start it (npm start) or point --server at it.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Runs fn with an SDK client for the server, closing it afterwards and explaining failures. */
export async function withServer<T>(flag: string | undefined, fn: (client: FedplaneClient, url: string) => Promise<T>): Promise<T> {
  const url = serverUrl(flag);
  const client = createFedplaneClient({ url, token: resolveToken(currentCredentials(), url) });
  try {
    return await fn(client, url);
  } catch (e) {
    throw explain(url, e);
  } finally {
    await client.close();
  }
}

/** Collects a repeatable option: `-x a -x b,c` -> ["a", "b", "c"]. */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

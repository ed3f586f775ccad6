import type { Command } from "commander";
import { createFedplaneClient, FedplaneRequestError, type FedplaneClient } from "../sdk/client.js";
import { currentContext } from "./config.js";
import { UsageError } from "./errors.js";
import { credentialOptions, currentCredentials, resolveToken } from "./credentials.js";

export const DEFAULT_SERVER = "http://127.0.0.1:4000/graphql";

/** The --server option every command that talks to a running fedplane takes. */
export function withServerOption(command: Command): Command {
  return credentialOptions(
    command.option(
      "--server <url>",
      `fedplane's API URL, as \`fedplane serve\` prints it (default: $FEDPLANE_SERVER, the current context's server, or ${DEFAULT_SERVER})`,
    ),
  );
}

export function serverUrl(flag: string | undefined): string {
  const url = flag ?? (process.env.FEDPLANE_SERVER || undefined) ?? currentContext()?.server ?? DEFAULT_SERVER;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new UsageError(`--server ${url} is not an http(s) URL; use e.g. ${DEFAULT_SERVER}`);
  }
  return url;
}

// The server's own words for a request it could not even read: they name the API's machinery, not the user's intent.
const protocolCodes = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST"]);

/** What went wrong talking to the server, worded so the user knows what to do next (no API jargon). */
export function explain(url: string, e: unknown): Error {
  if (e instanceof FedplaneRequestError) {
    if (e.status === 404) return new Error(`${url} is not a fedplane API (HTTP 404); point --server at the URL \`fedplane serve\` prints`);
    if (e.code && protocolCodes.has(e.code)) {
      return new Error(`fedplane at ${url} does not understand this CLI's request: is it another version? \`fedplane version\` shows both; use the CLI of the server's version`);
    }
    const field = e.field && !e.message.includes(e.field) ? ` (${e.field})` : "";
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
/** An SDK client for the server that --server (or the context) names, sending the command's credentials. */
export function serverClient(flag: string | undefined): { client: FedplaneClient; url: string } {
  const url = serverUrl(flag);
  return { client: createFedplaneClient({ url, token: resolveToken(currentCredentials(), url) }), url };
}

export async function withServer<T>(flag: string | undefined, fn: (client: FedplaneClient, url: string) => Promise<T>): Promise<T> {
  const { client, url } = serverClient(flag);
  try {
    return await fn(client, url);
  } catch (e) {
    throw explain(url, e);
  } finally {
    await client.close();
  }
}

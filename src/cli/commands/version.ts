import type { Command } from "commander";
import { stringify } from "yaml";
import { version } from "../../app/version.js";
import { oneOf } from "../options.js";
import { explain, serverClient, withServerOption } from "../server.js";
import type { RegisterCommand } from "./index.js";

interface VersionFlags {
  server?: string;
  client?: boolean;
  output: "text" | "json" | "yaml";
}

export const registerVersion: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("version")
      .description("Print the CLI's version and the server's (as kubectl version). Exits 1 when the server cannot be asked.")
      .option("--client", "the CLI's version only; no server needed")
      .option("-o, --output <format>", "text, json or yaml", oneOf(["text", "json", "yaml"] as const), "text"),
  ).action((flags: VersionFlags) => printVersion(flags));
};

async function printVersion(flags: VersionFlags): Promise<void> {
  const answer: { clientVersion: string; serverVersion?: string; serverBackend?: string } = { clientVersion: version };
  let failure: Error | undefined;
  if (!flags.client) {
    const { client, url } = serverClient(flags.server);
    try {
      const { serverInfo } = await client.serverInfo();
      answer.serverVersion = serverInfo.version;
      answer.serverBackend = serverInfo.backend;
    } catch (e) {
      failure = explain(url, e);
    } finally {
      await client.close();
    }
  }
  if (flags.output === "json") process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  else if (flags.output === "yaml") process.stdout.write(stringify(answer));
  else {
    process.stdout.write(`Client Version: ${answer.clientVersion}\n`);
    if (answer.serverVersion) process.stdout.write(`Server Version: ${answer.serverVersion} (${answer.serverBackend})\n`);
  }
  // The client's version is printed either way; then the reason the server's is missing.
  if (failure) throw failure;
}

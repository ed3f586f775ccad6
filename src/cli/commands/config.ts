import type { Command } from "commander";
import { configPath, loadConfig, saveConfig } from "../config.js";
import { oneOf } from "../options.js";
import { serverUrl } from "../server.js";
import { table } from "../render/table.js";
import { stringify } from "yaml";
import type { RegisterCommand } from "./index.js";

export const registerConfig: RegisterCommand = (program: Command) => {
  const config = program
    .command("config")
    .description(`Contexts: named servers, as kubectl's (kept in $FEDPLANE_CONFIG or ~/.config/fedplane/config.yaml). --server and $FEDPLANE_SERVER override them.`);

  config
    .command("get-contexts")
    .description("List the contexts; * marks the current one.")
    .option("-o, --output <format>", "table, name or yaml", oneOf(["table", "name", "yaml"] as const), "table")
    .action((flags: { output: "table" | "name" | "yaml" }) => {
      const c = loadConfig();
      if (flags.output === "name") return void process.stdout.write(c.contexts.map((x) => `${x.name}\n`).join(""));
      // Tokens are never printed.
      const shown = c.contexts.map(({ name, server }) => ({ name, server }));
      if (flags.output === "yaml") return void process.stdout.write(stringify({ "current-context": c["current-context"], contexts: shown }));
      if (!shown.length) return void process.stderr.write(`No contexts in ${configPath()}: add one with \`fedplane config set-context NAME --server URL\`.\n`);
      process.stdout.write(table(["CURRENT", "NAME", "SERVER"], shown.map((x) => [x.name === c["current-context"] ? "*" : "", x.name, x.server])));
    });

  config
    .command("current-context")
    .description("Print the current context's name.")
    .action(() => {
      const current = loadConfig()["current-context"];
      if (!current) throw new Error("no current context: `fedplane config use-context NAME` sets one");
      process.stdout.write(`${current}\n`);
    });

  config
    .command("use-context")
    .description("Make a context the current one: later commands talk to its server.")
    .argument("<name>")
    .action((name: string) => {
      const c = loadConfig();
      if (!c.contexts.some((x) => x.name === name)) {
        throw new Error(`no context "${name}" in ${configPath()}: \`fedplane config get-contexts\` lists them, \`fedplane config set-context\` adds one`);
      }
      saveConfig({ ...c, "current-context": name });
      process.stdout.write(`Switched to context "${name}".\n`);
    });

  config
    .command("set-context")
    .description("Add a context or change its server (and the token sent to it).")
    .argument("<name>")
    .requiredOption("--server <url>", "fedplane's API URL, e.g. http://127.0.0.1:4000/graphql")
    .option("--token <token>", "bearer token sent to this server (kept in the config file, readable by you only)")
    .action((name: string, flags: { server: string; token?: string }) => {
      const server = serverUrl(flags.server);
      const c = loadConfig();
      const existing = c.contexts.find((x) => x.name === name);
      const changed = { server, ...(flags.token ? { token: flags.token } : {}) };
      const contexts = existing ? c.contexts.map((x) => (x.name === name ? { ...x, ...changed } : x)) : [...c.contexts, { name, ...changed }];
      saveConfig({ ...c, contexts, "current-context": c["current-context"] ?? name });
      process.stdout.write(`Context "${name}" ${existing ? "modified" : "created"}.\n`);
    });
};

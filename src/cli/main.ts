import "reflect-metadata";
import { Command } from "commander";
import { redactText } from "../app/logger.js";
import { version } from "../app/version.js";
import { commands } from "./commands/index.js";

/** `fedplane`: one file per subcommand under ./commands, each registering itself on the program. */
function buildProgram(): Command {
  const program = new Command("fedplane")
    .description("Multi-cluster configuration federation for Gloo gateways, compatible with Gloo Federation.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)");
  for (const register of commands) register(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  // Expected failures (port in use, unreachable admin cluster, bad kubeconfig) carry a message that says what to do.
  process.stderr.write(`fedplane: ${redactText(e instanceof Error ? e.message : String(e))}\n`);
  process.exitCode = 1;
}

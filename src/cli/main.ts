import "reflect-metadata";
import { Command, CommanderError } from "commander";
import { redactText } from "../app/logger.js";
import { version } from "../app/version.js";
import { commands } from "./commands/index.js";
import { EXIT, EXIT_CODES_HELP, PREFIX, UsageError } from "./errors.js";

/** `fedplane`: one file per subcommand under ./commands, each registering itself on the program. */
function buildProgram(): Command {
  const program = new Command("fedplane")
    .description("Multi-cluster configuration federation for Gloo gateways, compatible with Gloo Federation.")
    .version(version)
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError("(run with --help for usage)");
  for (const register of commands) register(program);
  // Commander's own usage errors get fedplane's prefix and exit code 2, for every subcommand.
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(`${PREFIX}${text.replace(/^error: /, "")}`) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Already printed by commander (help, version, or the usage error with its hint).
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    // Expected failures (port in use, unreachable server, refused manifest) carry a message that says what to do.
    process.stderr.write(`${PREFIX}${redactText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = e instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

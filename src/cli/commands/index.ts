import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerCheck } from "./check.js";
import { registerCluster } from "./cluster.js";
import { registerCompletion } from "./completion.js";
import { registerConfig } from "./config.js";
import { registerDelete } from "./delete.js";
import { registerDiff } from "./diff.js";
import { registerGet } from "./get.js";
import { registerMigrate } from "./migrate.js";
import { registerServe } from "./serve.js";
import { registerVersion } from "./version.js";
import { registerWatch } from "./watch.js";

/** Adds one subcommand to the program. A new subcommand is a file in this folder and a line here. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerServe,
  registerApply,
  registerGet,
  registerDelete,
  registerDiff,
  registerWatch,
  registerCheck,
  registerCluster,
  registerVersion,
  registerConfig,
  registerCompletion,
  registerMigrate,
];

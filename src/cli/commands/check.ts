import type { Command } from "commander";
import { checkKeys } from "../../health/check-items.js";
import { list, listOf, oneOf } from "../options.js";
import { renderCheck } from "../render/check.js";
import { withServer, withServerOption } from "../server.js";
import { progressOn, styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

interface CheckFlags {
  server?: string;
  exclude: string[];
  cluster: string[];
  resourceNamespaces: string[];
  output: "table" | "json";
}

export const registerCheck: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("check")
      .description(
        "Check Gloo in every registered cluster, as glooctl check does: connection, deployments, pods, settings and " +
          "every Gloo resource kind, per Gloo installation. Exits 1 when it finds a problem.",
      )
      .option("-x, --exclude <checks>", `checks to leave out, comma-separated or repeated: ${checkKeys.join(", ")}`, listOf("check", checkKeys), [])
      .option("-c, --cluster <names>", "only these clusters (comma-separated or repeated)", list, [])
      .option("-r, --resource-namespaces <namespaces>", "only resources in these namespaces (default: every namespace Gloo watches)", list, [])
      .option("-o, --output <format>", "table or json", oneOf(["table", "json"] as const), "table"),
  ).action((flags: CheckFlags) => check(flags));
};

async function check(flags: CheckFlags): Promise<void> {
  const progress = progressOn();
  const answer = await withServer(flags.server, async (client, url) => {
    progress.step(`checking clusters at ${url}`);
    try {
      const { check } = await client.check({
        clusters: flags.cluster.length ? flags.cluster : undefined,
        exclude: flags.exclude.length ? flags.exclude : undefined,
        namespaces: flags.resourceNamespaces.length ? flags.resourceNamespaces : undefined,
      });
      return check;
    } finally {
      progress.done();
    }
  });
  process.stdout.write(flags.output === "json" ? `${JSON.stringify(answer, null, 2)}\n` : renderCheck(answer, styleFor()));
  if (!answer.ok) process.exitCode = 1;
}

import type { Command } from "commander";
import type { FederatedKind } from "../../federation/kinds.js";
import type { FederatedKind as KindEnum } from "../../sdk/generated/graphql.js";
import { parseKind } from "../kinds.js";
import { oneOf } from "../options.js";
import { destinationsLine, stateColour } from "../render/placement.js";
import { withServer, withServerOption } from "../server.js";
import { untilSignal } from "../signals.js";
import { styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

interface WatchFlags {
  server?: string;
  namespace?: string;
  output: "text" | "json";
}

export const registerWatch: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("watch")
      .description(
        "Stream placement changes (placementStatusChanged): first the current placement of each matching resource, " +
          "then every change, per cluster and namespace, until Ctrl-C.",
      )
      .argument("[kind]", "only this federated kind", parseKind)
      .argument("[name]", "only this resource")
      .option("-n, --namespace <namespace>", "only this namespace")
      .option("-o, --output <format>", "text, or json (one event per line)", oneOf(["text", "json"] as const), "text"),
  ).action((kind: FederatedKind | undefined, name: string | undefined, flags: WatchFlags) => watch(kind, name, flags));
};

async function watch(kind: FederatedKind | undefined, name: string | undefined, flags: WatchFlags): Promise<void> {
  const style = styleFor();
  await withServer(flags.server, async (client) => {
    const events = client.placementStatusChanged({ kind: kind?.name as KindEnum | undefined, namespace: flags.namespace, name });
    const iterator = events[Symbol.asyncIterator]();
    const stop = untilSignal(() => process.exit(130)).then(() => iterator.return?.());
    for (;;) {
      const next = await Promise.race([iterator.next(), stop.then(() => ({ done: true as const, value: undefined }))]);
      if (next.done) break;
      const e = next.value.placementStatusChanged;
      if (flags.output === "json") {
        process.stdout.write(`${JSON.stringify(e)}\n`);
        continue;
      }
      const what = `${e.kind} ${e.namespace}/${e.name}`;
      const state = e.placementStatus ? stateColour(e.placementStatus.state, style) : style.warn("UNKNOWN");
      const time = new Date().toISOString().slice(11, 19);
      process.stdout.write(`${style.dim(time)}  ${what}  ${state}  ${destinationsLine(e.placementStatus, style)}\n`.replace(/ +\n$/, "\n"));
    }
  });
}

import type { Command } from "commander";
import { kindByName, qualified } from "../kinds.js";
import { locateDocuments, readManifest } from "../manifests.js";
import { list, oneOf } from "../options.js";
import { withServer, withServerOption } from "../server.js";
import { styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

interface ApplyFlags {
  server?: string;
  filename: string[];
  dryRun?: boolean;
  output: "text" | "json";
}

export const registerApply: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("apply")
      .description(
        "Create or update federated resources from YAML or JSON manifests (many documents per file, as kubectl apply " +
          "takes them). With --dry-run, nothing is written and the placement plan is shown.",
      )
      .requiredOption("-f, --filename <files>", "manifest files or directories, comma-separated or repeated; - reads standard input", list, [])
      .option("--dry-run", "validate and show where each resource would be placed, without writing")
      .option("-o, --output <format>", "text or json", oneOf(["text", "json"] as const), "text"),
  ).action((flags: ApplyFlags) => apply(flags));
};

/** kubectl's words for what happened. */
const verbs: Record<string, string> = { CREATED: "created", UPDATED: "configured", UNCHANGED: "unchanged", WOULD_CREATE: "created", WOULD_UPDATE: "configured" };

async function apply(flags: ApplyFlags): Promise<void> {
  const manifest = readManifest(flags.filename);
  const { applyManifest } = await withServer(flags.server, (client) => client.applyManifest({ manifest: manifest.text, dryRun: !!flags.dryRun })).catch(
    (e: Error) => {
      throw new Error(locateDocuments(e.message, manifest));
    },
  );
  if (flags.output === "json") {
    process.stdout.write(`${JSON.stringify(applyManifest, null, 2)}\n`);
    return;
  }
  const style = styleFor();
  for (const r of applyManifest.rbacObjects) {
    const action = verbs[r.action] ?? r.action.toLowerCase();
    process.stdout.write(`${r.kind.toLowerCase()}.rbac.authorization.k8s.io/${r.name} ${action}${applyManifest.dryRun ? " (dry run)" : ""}\n`);
  }
  for (const r of applyManifest.resources) {
    const kind = kindByName(r.kind);
    const what = kind ? qualified(kind.type, r.name) : `${r.kind}/${r.name}`;
    const action = verbs[r.action] ?? r.action.toLowerCase();
    process.stdout.write(`${what} ${action}${applyManifest.dryRun ? " (dry run)" : ""}\n`);
    for (const w of r.warnings) process.stdout.write(`  ${style.warn(`Warning: ${w}`)}\n`);
    if (!r.plan) continue;
    if (!r.plan.valid) process.stdout.write(`  ${style.error(`INVALID: ${r.plan.message}`)}\n`);
    else {
      const where = r.plan.destinations.map((d) => `${d.cluster}/${d.namespace}`);
      const placedName = (r.plan.destinations[0]?.object as { metadata?: { name?: string } } | undefined)?.metadata?.name ?? r.name;
      process.stdout.write(`  would place ${r.resource.targetKind} ${placedName} into ${where.length ? where.join(", ") : "no destination"}\n`);
    }
  }
}

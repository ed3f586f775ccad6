import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { kindByName, qualified } from "../kinds.js";
import { oneOf } from "../options.js";
import { list, withServer, withServerOption } from "../server.js";
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

const manifestFile = /\.(ya?ml|json)$/i;

/** A directory stands for its .yaml/.yml/.json files in name order, as with kubectl apply -f DIR. */
function read(file: string): string {
  try {
    if (file === "-") return readFileSync(0, "utf8");
    if (!statSync(file).isDirectory()) return readFileSync(file, "utf8");
    const files = readdirSync(file).filter((f) => manifestFile.test(f)).sort();
    if (!files.length) throw new Error(`no .yaml, .yml or .json files in directory ${file}`);
    return files.map((f) => readFileSync(join(file, f), "utf8")).join("\n---\n");
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    throw new Error(`cannot read ${file === "-" ? "standard input" : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function apply(flags: ApplyFlags): Promise<void> {
  const manifest = flags.filename.map(read).join("\n---\n");
  if (!manifest.trim()) throw new Error("the manifest is empty: pass files with federated resources (-f FILE)");
  const { applyManifest } = await withServer(flags.server, (client) => client.applyManifest({ manifest, dryRun: !!flags.dryRun }));
  if (flags.output === "json") {
    process.stdout.write(`${JSON.stringify(applyManifest, null, 2)}\n`);
    return;
  }
  const style = styleFor();
  for (const r of applyManifest.resources) {
    const kind = kindByName(r.kind);
    const what = kind ? qualified(kind, r.name) : `${r.kind}/${r.name}`;
    const action = verbs[r.action] ?? r.action.toLowerCase();
    process.stdout.write(`${what} ${action}${applyManifest.dryRun ? " (dry run)" : ""}\n`);
    if (!r.plan) continue;
    if (!r.plan.valid) process.stdout.write(`  ${style.error(`INVALID: ${r.plan.message}`)}\n`);
    else {
      const where = r.plan.destinations.map((d) => `${d.cluster}/${d.namespace}`);
      const placedName = (r.plan.destinations[0]?.object as { metadata?: { name?: string } } | undefined)?.metadata?.name ?? r.name;
      process.stdout.write(`  would place ${r.resource.targetKind} ${placedName} into ${where.length ? where.join(", ") : "no destination"}\n`);
    }
  }
}

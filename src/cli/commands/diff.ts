import type { Command } from "commander";
import { stringify } from "yaml";
import { kindByName, qualified } from "../kinds.js";
import { locateDocuments, readManifest } from "../manifests.js";
import { list } from "../options.js";
import { unifiedDiff } from "../render/diff.js";
import { withServer, withServerOption } from "../server.js";
import type { RegisterCommand } from "./index.js";

export const registerDiff: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("diff")
      .description(
        "Show what apply -f would change in the member clusters, as kubectl diff: a unified diff per cluster and " +
          "namespace of each placed Gloo object, now against after the apply (from a dry run; nothing is written). " +
          "Exits 0 when nothing would change, 1 when something would (or on failure), as kubectl diff.",
      )
      .requiredOption("-f, --filename <files>", "manifest files or directories, comma-separated or repeated; - reads standard input", list, []),
  ).action((flags: { server?: string; filename: string[] }) => diff(flags));
};

/** The parts of a Gloo object a federated resource decides: what the diff compares. */
const shape = (o: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown; labels?: unknown }; spec?: unknown }) =>
  stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata?.name, namespace: o.metadata?.namespace, labels: o.metadata?.labels ?? {} }, spec: o.spec ?? {} });

async function diff(flags: { server?: string; filename: string[] }): Promise<void> {
  const manifest = readManifest(flags.filename);
  let changed = false;
  await withServer(flags.server, async (client) => {
    const { applyManifest } = await client.applyManifest({ manifest: manifest.text, dryRun: true }).catch((e: Error) => {
      throw new Error(locateDocuments(e.message, manifest));
    });
    for (const r of applyManifest.resources) {
      if (r.plan && !r.plan.valid) {
        process.stderr.write(`fedplane: ${r.kind} ${r.namespace}/${r.name}: the placement is invalid: ${r.plan.message}\n`);
        changed = true;
        continue;
      }
      const { federatedResource } = await client.federatedResource({ kind: r.kind, namespace: r.namespace, name: r.name });
      const live = new Map((federatedResource?.placedObjects ?? []).map((o) => [`${o.cluster}/${o.namespace}`, o]));
      const targetType = kindByName(r.kind)?.target;
      const planned = new Map((r.plan?.destinations ?? []).map((d) => [`${d.cluster}/${d.namespace}`, d.object as Parameters<typeof shape>[0]]));
      for (const where of [...new Set([...live.keys(), ...planned.keys()])].sort()) {
        const now = live.get(where);
        const next = planned.get(where);
        const name = (next?.metadata?.name as string | undefined) ?? now?.name ?? r.name;
        const label = `${where} ${targetType ? qualified(targetType, name) : name}`;
        const before = now ? shape({ apiVersion: now.apiVersion, kind: now.kind, metadata: { name: now.name, namespace: now.namespace, labels: now.labels }, spec: now.spec }) : "";
        const after = next ? shape(next) : "";
        const text = unifiedDiff(before, after, now ? `${label} (live)` : "/dev/null", next ? `${label} (after apply)` : "/dev/null");
        if (text) {
          changed = true;
          process.stdout.write(text);
        }
      }
    }
  });
  if (changed) process.exitCode = 1;
}

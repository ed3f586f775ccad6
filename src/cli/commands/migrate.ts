import type { Command } from "commander";
import { KubernetesClusterClient } from "../../cluster/kubernetes/client.js";
import { connectCluster } from "../../clusters/connector.js";
import { projectCrds } from "../../crds/project-crds.js";
import { FEDERATION_NAMESPACE } from "../../federation/kinds.js";
import { migrationCheck, type MigrationFinding } from "../../federation/migration-check.js";
import { oneOf } from "../options.js";
import { progressOn, styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

interface MigrateCheckFlags {
  kubeconfig: string;
  context?: string;
  federationNamespace: string;
  localCluster: boolean;
  output: "text" | "json";
}

const titles: Record<MigrationFinding["section"], string> = {
  crds: "CRDs on the admin cluster",
  registrations: "Registered clusters",
  resources: "Federated resources",
  objects: "Placed objects (what fedplane will do)",
};

export const registerMigrate: RegisterCommand = (program: Command) => {
  const migrate = program.command("migrate").description("Moving from Gloo Federation to fedplane (docs/migrating-from-gloo-federation.md).");
  migrate
    .command("check")
    .description(
      "Read-only: what fedplane will find on an existing Gloo Federation admin cluster and what it will do there: CRDs " +
        "missing or differing, registrations, federated resources, objects it will adopt, fields that would be dropped. " +
        "Writes nothing (member clusters are asked with dry runs). Exits 1 when it finds an error.",
    )
    .requiredOption("--kubeconfig <file>", "kubeconfig of the admin cluster (where Gloo Federation runs)")
    .option("--context <context>", "kubeconfig context (default: the current one)")
    .option("--federation-namespace <namespace>", "namespace of KubernetesClusters and their Secrets", FEDERATION_NAMESPACE)
    .option("--no-local-cluster", "fedplane will be started without registering the admin cluster as local")
    .option("-o, --output <format>", "text or json", oneOf(["text", "json"] as const), "text")
    .action((flags: MigrateCheckFlags) => check(flags));
};

async function check(flags: MigrateCheckFlags): Promise<void> {
  const progress = progressOn();
  const admin = KubernetesClusterClient.fromFile("local", flags.kubeconfig, { context: flags.context });
  let findings: MigrationFinding[];
  try {
    progress.step(`reading the admin cluster ${admin.server} and its registered clusters (read-only)`);
    findings = await migrationCheck({
      admin,
      federationNamespace: flags.federationNamespace,
      expectedCrds: projectCrds(),
      connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { origin: `Secret ${flags.federationNamespace}/${name}` }),
      registerLocal: flags.localCluster,
    });
  } finally {
    progress.done();
    await admin.close();
  }
  if (flags.output === "json") process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
  else {
    const style = styleFor();
    const mark = { ok: style.ok("ok"), info: style.dim("--"), warning: style.warn("warning"), error: style.error("error") };
    for (const section of Object.keys(titles) as MigrationFinding["section"][]) {
      const lines = findings.filter((f) => f.section === section);
      process.stdout.write(`${style.bold(titles[section])}\n`);
      if (lines.length === 0) process.stdout.write(`  ${style.dim("(none)")}\n`);
      for (const f of lines) process.stdout.write(`  ${mark[f.level]} ${f.message}\n`);
    }
    const errors = findings.filter((f) => f.level === "error").length;
    const warnings = findings.filter((f) => f.level === "warning").length;
    process.stdout.write(errors + warnings === 0 ? "No problems detected.\n" : `${errors} error(s), ${warnings} warning(s). Nothing was written.\n`);
  }
  if (findings.some((f) => f.level === "error")) process.exitCode = 1;
}

import { isAbsolute, relative, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { ensureAssets, ensureTool, KUBERNETES_VERSION } from "./assets.js";
import { CRDS_DIR, staleCrdFiles, writeCrdFiles } from "./crds.js";
import { formatDuration, formatMiB } from "./format.js";
import { startControlPlanes } from "./harness.js";

// `npm run clusters -- <command>`: real Kubernetes control planes (kube-apiserver + etcd built from source) for people.

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError("must be a whole number from 1 to 20");
  return n;
};

/** Relative to the working directory when inside it, absolute otherwise: what is shortest to paste. */
const show = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? resolve(path) : rel;
};

const program = new Command("clusters")
  .description(`Real Kubernetes ${KUBERNETES_VERSION} control planes (kube-apiserver + etcd, built from source) on loopback`)
  .showHelpAfterError();

program
  .command("up")
  .description("start an admin cluster and workload clusters with fedplane's CRDs; run until Ctrl-C, then stop them")
  .option("--count <n>", "how many clusters, the admin cluster included", positiveInt, 3)
  .option("--dir <dir>", "where kubeconfigs (<name>.kubeconfig) and logs go", "./.clusters")
  .option("--no-crds", "do not install fedplane's CRDs")
  .action(async (options: { count: number; dir: string; crds: boolean }) => {
    const assets = await ensureAssets();
    const planes = await startControlPlanes({ count: options.count, dir: options.dir, assets, crds: options.crds ? undefined : false });
    const stop = async (): Promise<void> => {
      console.log("\nstopping control planes...");
      await planes.stop();
      console.log(`stopped; logs kept in ${show(planes.dir)}/<name>/*.log`);
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const rows = planes.planes.map((plane) => [
      plane.name,
      show(plane.kubeconfigPath),
      plane.server,
      `started in ${formatDuration(plane.startupMs)}, RSS ${formatMiB(plane.rssBytes())}`,
    ]);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    console.log("");
    for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd());
    console.log(`\ntry:  ${show(assets.kubectl)} --kubeconfig ${show(planes.admin.kubeconfigPath)} get crds`);
    console.log(`      export KUBECONFIG=${planes.planes.map((p) => show(p.kubeconfigPath)).join(":")}   # contexts: ${planes.planes.map((p) => p.name).join(", ")}`);
    console.log("\nrunning; press Ctrl-C to stop all control planes");
    // The child processes keep the event loop alive; nothing else to do until a signal arrives.
  });

program
  .command("build")
  .description("build kube-apiserver, etcd, kubectl and helm from source into the cache (fast when already built)")
  .action(async () => {
    const started = Date.now();
    const assets = await ensureAssets();
    const helm = await ensureTool("helm");
    console.log(`control-plane binaries and tools ready (${assets.origin}) in ${formatDuration(Date.now() - started)}:`);
    for (const path of [assets.kubeApiserver, assets.etcd, assets.kubectl, helm]) console.log(`  ${path}`);
  });

program
  .command("gen-crds")
  .description(`write ${show(CRDS_DIR)}/*.yaml from the kinds tables`)
  .option("--check", "only report whether the files are stale (exit 1 if so)")
  .action((options: { check?: boolean }) => {
    if (options.check) {
      const stale = staleCrdFiles();
      for (const line of stale) console.error(`stale: ${line}`);
      if (stale.length > 0) {
        console.error("deploy/crds is out of date with the kinds tables: run `npm run gen:crds` and commit the result");
        process.exit(1);
      }
      console.log("deploy/crds is up to date");
      return;
    }
    const files = writeCrdFiles();
    console.log(`wrote ${files.length} CRDs to ${show(CRDS_DIR)}/`);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});

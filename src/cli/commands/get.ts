import type { Command } from "commander";
import { matches, parseSelector } from "../../cluster/selector.js";
import { FEDERATION_NAMESPACE, OWNER_LABEL, type FederatedKind } from "../../federation/kinds.js";
import type { ResourceType } from "../../cluster/resource-type.js";
import type { ClustersQuery, FedplaneClient, FederatedResourceListQuery, GlooKind } from "../../sdk/client.js";
import { UsageError } from "../errors.js";
import { parseResource, qualified, type CliResource } from "../kinds.js";
import { list, oneOf } from "../options.js";
import { federatedManifest, OUTPUTS, placedManifest, printObjects, worst, type Output } from "../render/objects.js";
import { destinationsLine, placedCount, stateColour } from "../render/placement.js";
import { age, table } from "../render/table.js";
import { withServer, withServerOption } from "../server.js";
import { styleFor, type Style } from "../style.js";
import type { RegisterCommand } from "./index.js";

export interface GetFlags {
  server?: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  showLabels?: boolean;
  clusters: string[];
  output: Output;
}

const PAGE = 500;

export const registerGet: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("get")
      .description(
        "Show objects as kubectl get does. Federated kinds (federatedupstreams, fedvs, ...) with their placement: the " +
          "list's STATE is the worst of placement and of Gloo's verdict in each cluster; with a name, each destination. " +
          "Gloo kinds (upstreams, vs, ...): the objects in the member clusters (--clusters). Also clusters and glooinstances.",
      )
      .argument("<kind>", "federatedupstreams, fedus, upstreams, us, virtualservices, clusters, glooinstances, ...", parseResource)
      .argument("[name]", "one object (in --namespace)")
      .option("-n, --namespace <namespace>", `namespace (default: all for lists, ${FEDERATION_NAMESPACE} for a name)`)
      .option("-A, --all-namespaces", "every namespace (the default for lists)")
      .option("-l, --selector <selector>", "only objects whose labels match, e.g. app=web,tier!=db")
      .option("--show-labels", "add a LABELS column")
      .option("--clusters <names>", "Gloo kinds: only these member clusters (comma-separated or repeated; default: all)", list, [])
      .option("-o, --output <format>", OUTPUTS.join(", "), oneOf(OUTPUTS), "table"),
  ).action((resource: CliResource, name: string | undefined, flags: GetFlags) => get(resource, name, flags));
};

function checkFlags(flags: GetFlags) {
  if (flags.allNamespaces && flags.namespace) throw new UsageError("-A and -n exclude each other: pass one");
  if (flags.selector) {
    try {
      parseSelector(flags.selector);
    } catch (e) {
      throw new UsageError(`-l ${flags.selector}: ${(e as Error).message}`);
    }
  }
}

async function get(resource: CliResource, name: string | undefined, flags: GetFlags): Promise<void> {
  checkFlags(flags);
  await withServer(flags.server, async (client) => {
    switch (resource.type) {
      case "federated":
        return name && flags.output === "table" ? federatedOne(client, resource.kind, name, flags) : federatedList(client, resource.kind, name, flags);
      case "gloo":
        return glooObjects(client, resource.kind, name, flags);
      case "clusters":
        return printClusters((await client.clusters()).clusters, name, flags);
      case "glooinstances":
        return glooInstances(client, name, flags);
    }
  });
}

const labelsText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",") || "<none>";

/** The rows, with a LABELS column when asked; the NAMESPACE column only when more than one namespace is shown. */
function printTable(header: string[], rows: string[][], labels: Record<string, string>[], flags: GetFlags, empty: string) {
  if (rows.length === 0) {
    process.stderr.write(`${empty}\n`);
    return;
  }
  const withLabels = flags.showLabels ? [[...header, "LABELS"], rows.map((r, i) => [...r, labelsText(labels[i])])] : [header, rows];
  process.stdout.write(table(withLabels[0] as string[], withLabels[1] as string[][]));
}

const inNamespace = (flags: GetFlags) => (flags.namespace ? ` in namespace ${flags.namespace}` : "");

/** Every resource of a kind, all pages, filtered by -l and by name. */
export async function listFederated(client: FedplaneClient, kind: FederatedKind, flags: Pick<GetFlags, "namespace" | "selector">, name?: string) {
  const nodes: FederatedResourceListQuery["federatedResources"]["nodes"] = [];
  let after: string | null | undefined;
  const namespace = flags.namespace ?? (name ? FEDERATION_NAMESPACE : undefined);
  do {
    const { federatedResources: page } = await client.federatedResourceList({ kind: kind.name as never, namespace, first: PAGE, after });
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after);
  return nodes.filter((r) => (!name || r.metadata.name === name) && (!flags.selector || matches(flags.selector, r.metadata.labels)));
}

/** The list's one STATE: the worst of the placement and of Gloo's verdict in every destination it was placed in. */
function overall(r: FederatedResourceListQuery["federatedResources"]["nodes"][number]): { state: string; message: string } {
  const placement = r.placementStatus?.state ?? "UNKNOWN";
  const verdicts = r.glooHealth.filter((d) => d.placement === "PLACED" && d.gloo !== "ACCEPTED");
  const state = worst([placement, ...verdicts.map((d) => d.gloo)]);
  if (state === placement) return { state, message: r.placementStatus?.message ?? "" };
  const bad = verdicts.find((d) => d.gloo === state)!;
  return { state, message: `Gloo in ${bad.cluster}/${bad.namespace}: ${state}${bad.reason ? `: ${bad.reason}` : ""}` };
}

async function federatedList(client: FedplaneClient, kind: FederatedKind, name: string | undefined, flags: GetFlags): Promise<void> {
  const nodes = await listFederated(client, kind, flags, name);
  if (name && nodes.length === 0) throw new Error(`${kind.name} ${flags.namespace ?? FEDERATION_NAMESPACE}/${name} not found; \`fedplane get ${kind.type.plural}\` lists them`);
  if (flags.output === "json" || flags.output === "yaml") return printObjects(nodes.map(federatedManifest), flags.output, !!name);
  if (flags.output === "name") {
    process.stdout.write(nodes.map((r) => `${qualified(kind.type, r.metadata.name)}\n`).join(""));
    return;
  }
  const style = styleFor();
  const wide = flags.output === "wide";
  const showNamespace = !flags.namespace;
  const rows = nodes.map((r) => {
    const { state, message } = overall(r);
    return [
      ...(showNamespace ? [r.metadata.namespace ?? ""] : []),
      r.metadata.name,
      stateColour(state, style),
      placedCount(r.placementStatus),
      age(r.metadata.creationTimestamp),
      ...(wide ? [destinationsLine(r.placementStatus, style) || "<none>"] : []),
      message,
    ];
  });
  const header = [...(showNamespace ? ["NAMESPACE"] : []), "NAME", "STATE", "PLACED", "AGE", ...(wide ? ["DESTINATIONS"] : []), "MESSAGE"];
  printTable(header, rows, nodes.map((r) => r.metadata.labels), flags, `No ${kind.type.plural} found${inNamespace(flags)}.`);
}

async function federatedOne(client: FedplaneClient, kind: FederatedKind, name: string, flags: GetFlags): Promise<void> {
  const namespace = flags.namespace ?? FEDERATION_NAMESPACE;
  const { federatedResource: r } = await client.federatedResourceHealth({ kind: kind.name as never, namespace, name });
  if (!r) throw new Error(`${kind.name} ${namespace}/${name} not found; \`fedplane get ${kind.type.plural}\` lists them`);
  const style = styleFor();
  const overallState = r.placementStatus;
  process.stdout.write(
    `${style.bold(`${kind.name} ${namespace}/${name}`)}   ${overallState ? stateColour(overallState.state, style) : style.warn("UNKNOWN")}` +
      `${overallState?.message ? `   ${overallState.message}` : ""}\n`,
  );
  if (r.glooHealth.length === 0) return;
  const rows = r.glooHealth.map((d) => [d.cluster, d.namespace, stateColour(d.placement, style), stateColour(d.gloo, style), [d.placementMessage, d.reason].filter(Boolean).join("; ")]);
  process.stdout.write(table(["CLUSTER", "NAMESPACE", "PLACEMENT", "GLOO", "MESSAGE"], rows));
}

async function requireClusters(client: FedplaneClient, names: string[]) {
  if (!names.length) return;
  const known = new Set((await client.clusters()).clusters.map((c) => c.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`not registered: ${unknown.join(", ")}; \`fedplane get clusters\` lists the registered clusters`);
}

async function glooObjects(client: FedplaneClient, type: ResourceType, name: string | undefined, flags: GetFlags): Promise<void> {
  await requireClusters(client, flags.clusters);
  const { resources } = await client.resources({
    kind: type.kind as GlooKind,
    clusters: flags.clusters.length ? flags.clusters : undefined,
    namespace: flags.namespace,
    labelSelector: flags.selector,
  });
  const objects = resources.objects.filter((o) => !name || o.name === name);
  for (const f of resources.failures) process.stderr.write(`fedplane: cluster ${f.cluster} could not be read: ${f.message}\n`);
  if (resources.failures.length) process.exitCode = 1;
  if (flags.output === "json" || flags.output === "yaml") return printObjects(objects.map(placedManifest), flags.output, false);
  if (flags.output === "name") {
    process.stdout.write(objects.map((o) => `${qualified(type, o.name)}\n`).join(""));
    return;
  }
  const style = styleFor();
  const wide = flags.output === "wide";
  const rows = objects.map((o) => {
    const state = o.glooStatuses.length ? worst(o.glooStatuses.map((s) => s.state)) : "NO_STATUS";
    const reason = o.glooStatuses.map((s) => s.reason).filter(Boolean).join("; ");
    return [o.cluster, o.namespace, o.name, stateColour(state, style), ...(wide ? [o.labels[OWNER_LABEL] ?? ""] : []), reason];
  });
  const header = ["CLUSTER", "NAMESPACE", "NAME", "STATUS", ...(wide ? ["FEDERATED BY"] : []), "REASON"];
  printTable(header, rows, objects.map((o) => o.labels), flags, `No ${type.plural} found${inNamespace(flags)}.`);
}

/** `get clusters` and `cluster list`: readiness, version, registration, labels. */
export function printClusters(all: ClustersQuery["clusters"], name: string | undefined, flags: GetFlags): void {
  const clusters = all.filter((c) => (!name || c.name === name) && (!flags.selector || matches(flags.selector, c.labels)));
  if (name && !clusters.length) throw new Error(`cluster ${name} is not registered; \`fedplane get clusters\` lists the registered ones`);
  if (flags.output === "json" || flags.output === "yaml") return printObjects(clusters, flags.output, !!name);
  if (flags.output === "name") {
    process.stdout.write(clusters.map((c) => `cluster/${c.name}\n`).join(""));
    return;
  }
  const style: Style = styleFor();
  const wide = flags.output === "wide";
  const rows = clusters.map((c) => [
    c.name + (c.local ? " (admin)" : ""),
    c.ready ? style.ok("True") : style.error("False"),
    c.kubernetesVersion ?? "",
    c.registration?.state ?? "",
    c.lastProbeTime ? age(c.lastProbeTime) : "",
    labelsText(c.labels),
    ...(wide ? [c.registration?.message ?? ""] : []),
    c.lastError ?? "",
  ]);
  // Labels always: they are what placement's clusterSelectors match.
  const header = ["NAME", "READY", "VERSION", "REGISTRATION", "PROBED", "LABELS", ...(wide ? ["REGISTRATION MESSAGE"] : []), "LAST ERROR"];
  printTable(header, rows, [], { ...flags, showLabels: false }, "No clusters registered.");
}

async function glooInstances(client: FedplaneClient, name: string | undefined, flags: GetFlags): Promise<void> {
  const instances = (await client.glooInstances({})).glooInstances.filter((i) => (!name || i.name === name) && (!flags.clusters.length || flags.clusters.includes(i.cluster)));
  if (name && !instances.length) throw new Error(`GlooInstance ${name} not found; \`fedplane get glooinstances\` lists them`);
  if (flags.output === "json" || flags.output === "yaml") return printObjects(instances, flags.output, !!name);
  if (flags.output === "name") {
    process.stdout.write(instances.map((i) => `glooinstance.fed.solo.io/${i.name}\n`).join(""));
    return;
  }
  const wide = flags.output === "wide";
  const rows = instances.map((i) => {
    const problems = i.check.reduce((n, c) => n + c.errorCount, 0);
    const ready = i.proxies.reduce((n, p) => n + p.readyReplicas, 0);
    const replicas = i.proxies.reduce((n, p) => n + p.replicas, 0);
    return [
      i.name,
      i.cluster,
      i.installNamespace,
      i.version,
      `${ready}/${replicas}`,
      String(problems),
      ...(wide ? [i.isEnterprise ? "enterprise" : "open source", i.region || "<none>", i.watchedNamespaces.join(",") || "<all>"] : []),
    ];
  });
  const header = ["NAME", "CLUSTER", "NAMESPACE", "VERSION", "PROXIES READY", "ERRORS", ...(wide ? ["EDITION", "REGION", "WATCHED NAMESPACES"] : [])];
  printTable(header, rows, instances.map(() => ({})), flags, "No Gloo installations found.");
}

import type { Command } from "commander";
import { FEDERATION_NAMESPACE, type FederatedKind } from "../../federation/kinds.js";
import { FedplaneRequestError } from "../../sdk/client.js";
import { UsageError } from "../errors.js";
import { kindByName, parseKind, qualified } from "../kinds.js";
import { locateDocuments, readManifest } from "../manifests.js";
import { list, oneOf } from "../options.js";
import { withServer, withServerOption } from "../server.js";
import type { RegisterCommand } from "./index.js";

interface DeleteFlags {
  server?: string;
  filename: string[];
  namespace?: string;
  ignoreNotFound?: boolean;
  output: "text" | "name";
}

export const registerDelete: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("delete")
      .description(
        "Delete federated resources, as kubectl delete: by kind and name, or everything a manifest names (-f). fedplane " +
          "first removes what each one placed in the member clusters.",
      )
      .argument("[kind]", "federated kind: federatedupstreams, fedvs, ...", parseKind)
      .argument("[names...]", "resources of that kind (in --namespace)")
      .option("-f, --filename <files>", "delete what these manifests name: files, directories, - for standard input", list, [])
      .option("-n, --namespace <namespace>", "namespace of the named resources", FEDERATION_NAMESPACE)
      .option("--ignore-not-found", "a resource that does not exist is not an error")
      .option("-o, --output <format>", "text, or name (kind.group/name per line)", oneOf(["text", "name"] as const), "text"),
  ).action((kind: FederatedKind | undefined, names: string[], flags: DeleteFlags) => remove(kind, names, flags));
};

interface Target {
  kind: FederatedKind;
  namespace: string;
  name: string;
  /** Where it was named, for messages: "a.yaml (document 2)". */
  at?: string;
}

function fromManifest(paths: string[]): Target[] {
  const manifest = readManifest(paths);
  let index = 0;
  return manifest.documents.map((doc) => {
    index += 1;
    const at = locateDocuments(`document ${index}`, manifest);
    const d = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const kind = typeof d.kind === "string" ? kindByName(d.kind) : undefined;
    if (!kind) throw new Error(`${at}: kind ${JSON.stringify(d.kind)} is not a federated kind`);
    if (typeof d.metadata?.name !== "string") throw new Error(`${at}: metadata.name is missing`);
    const namespace = typeof d.metadata.namespace === "string" ? d.metadata.namespace : FEDERATION_NAMESPACE;
    return { kind, namespace, name: d.metadata.name, at };
  });
}

async function remove(kind: FederatedKind | undefined, names: string[], flags: DeleteFlags): Promise<void> {
  if (flags.filename.length && kind) throw new UsageError("pass either -f FILE or KIND NAME, not both");
  if (!flags.filename.length && (!kind || !names.length)) throw new UsageError("what to delete: KIND NAME... or -f FILE");
  const targets: Target[] = flags.filename.length ? fromManifest(flags.filename) : names.map((name) => ({ kind: kind!, namespace: flags.namespace!, name }));
  await withServer(flags.server, async (client) => {
    for (const t of targets) {
      const what = qualified(t.kind.type, t.name);
      try {
        await client.deleteFederatedResource({ kind: t.kind.name as never, namespace: t.namespace, name: t.name });
      } catch (e) {
        if (!(e instanceof FedplaneRequestError && e.code === "NOT_FOUND")) throw e;
        if (flags.ignoreNotFound) continue;
        process.stderr.write(`fedplane: ${t.kind.name} ${t.namespace}/${t.name} not found${t.at ? ` (${t.at})` : ""}\n`);
        process.exitCode = 1;
        continue;
      }
      process.stdout.write(flags.output === "name" ? `${what}\n` : `${what} deleted\n`);
    }
  });
}

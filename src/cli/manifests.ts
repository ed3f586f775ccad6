import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FederationError } from "../federation/errors.js";
import { parseManifest, type ManifestDocument } from "../federation/manifest.js";
import { UsageError } from "./errors.js";

/** One file (or standard input) given with -f, and its documents as the server will count them. */
export interface ManifestSource {
  /** As the user named it: "examples/upstream.yaml", "dir/b.yaml", "standard input". */
  name: string;
  text: string;
  documents: ManifestDocument[];
}

/** What -f reads: files, directories (their .yaml/.yml/.json files in name order, as kubectl), or - for stdin. */
export interface Manifest {
  sources: ManifestSource[];
  /** The sources as one manifest, in order, for the API (which validates all documents before writing any). */
  text: string;
  /** Every document's value, in the server's order. */
  documents: unknown[];
}

const manifestFile = /\.(ya?ml|json)$/i;

function why(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return e.message;
  }
}

function readPath(path: string): { name: string; text: string }[] {
  try {
    if (path === "-") return [{ name: "standard input", text: readFileSync(0, "utf8") }];
    if (!statSync(path).isDirectory()) return [{ name: path, text: readFileSync(path, "utf8") }];
    const files = readdirSync(path).filter((f) => manifestFile.test(f)).sort();
    if (!files.length) throw new UsageError(`${path}: no .yaml, .yml or .json files in this directory`);
    return files.map((f) => ({ name: join(path, f), text: readFileSync(join(path, f), "utf8") }));
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    const name = path === "-" ? "standard input" : path;
    throw new UsageError(`cannot read ${name}: ${why(e as NodeJS.ErrnoException)}; -f takes files, directories or - (standard input)`);
  }
}

/** A syntax error found while reading, named by file and document: "a.yaml: document 2: not valid YAML ...". */
function parseSource(name: string, text: string): ManifestDocument[] {
  if (!text.trim()) return [];
  try {
    return parseManifest(text);
  } catch (e) {
    if (!(e instanceof FederationError)) throw e;
    if (e.field === "manifest" && /holds no documents/.test(e.message)) return [];
    throw new Error(`${name}: ${e.message}`);
  }
}

/** Reads every -f path. Nothing to apply at all is a usage error, as with kubectl. */
export function readManifest(paths: readonly string[]): Manifest {
  const sources = paths.flatMap(readPath).map(({ name, text }) => ({ name, text, documents: parseSource(name, text) }));
  const documents = sources.flatMap((s) => s.documents.map((d) => d.value));
  if (!documents.length) throw new UsageError(`no objects in ${sources.map((s) => s.name).join(", ")}: pass files with federated resources (-f FILE)`);
  return { sources, text: sources.filter((s) => s.documents.length).map((s) => s.text).join("\n---\n"), documents };
}

/**
 * The server numbers documents across the whole manifest ("document 5: spec.placement..."); the user wants the file
 * and its own document number: "examples/vs.yaml (document 2): spec.placement...".
 */
export function locateDocuments(message: string, manifest: Manifest): string {
  const owners: { name: string; index: number }[] = [];
  for (const s of manifest.sources) s.documents.forEach((d) => owners.push({ name: s.name, index: d.index }));
  return message.replace(/\bdocument (\d+)(:?)/g, (whole, n: string, colon: string) => {
    const owner = owners[Number(n) - 1];
    return owner ? `${owner.name} (document ${owner.index})${colon}` : whole;
  });
}

import type { IncomingMessage } from "node:http";
import { Kind, parse, type DocumentNode } from "graphql";
import { MiB, manifestMutations, type Limits } from "./limits.js";

/** A request the server refuses before GraphQL sees it; `status` is the HTTP status to answer with. */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const human = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(bytes % MiB ? 1 : 0)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

function tooLarge(size: number, limits: Limits): RequestRejected {
  return new RequestRejected(
    413,
    "PAYLOAD_TOO_LARGE",
    `Request body is ${human(size)}; fedplane accepts at most ${human(limits.maxBodyBytes)} ` +
      `(${human(limits.maxManifestBodyBytes)} for ${[...manifestMutations].join(", ")}). ` +
      `Split the manifest into several requests.`,
  );
}

/**
 * Reads a request body up to the manifest limit. An oversized body is still drained (read and dropped, bounded in
 * time by the server's request timeout) so the client reads our 413 instead of a reset connection; the server closes
 * the connection after a 413.
 */
export async function readBody(req: IncomingMessage, limits: Limits): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const cap = limits.maxManifestBodyBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= cap) chunks.push(chunk);
  }
  if (size > cap || declared > cap) throw tooLarge(Math.max(size, Number.isFinite(declared) ? declared : 0), limits);
  return Buffer.concat(chunks, size);
}

/**
 * Bodies between the general and the manifest limit are allowed only for manifest mutations: every operation in the
 * document must be a mutation whose top-level fields are all manifest mutations.
 */
export function checkBodySize(size: number, body: unknown, limits: Limits): void {
  if (size <= limits.maxBodyBytes) return;
  const query = body && typeof body === "object" ? (body as { query?: unknown }).query : undefined;
  if (typeof query !== "string" || !onlyManifestMutations(query)) throw tooLarge(size, limits);
}

function onlyManifestMutations(query: string): boolean {
  let doc: DocumentNode;
  try {
    doc = parse(query, { maxTokens: 1_000 });
  } catch {
    return false;
  }
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (
    operations.length > 0 &&
    doc.definitions.length === operations.length &&
    operations.every(
      (op) =>
        op.operation === "mutation" &&
        op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && manifestMutations.has(s.name.value)),
    )
  );
}

/** Deepest nesting of arrays and objects a request's JSON (body or variables) may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH (checked without recursion): deeper values would exhaust the stack
 * of whatever walks them later (variable coercion, logging) and answer an internal error instead of naming the input.
 */
export function checkJsonDepth(value: unknown, what: string): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_JSON_DEPTH)
      throw new RequestRejected(400, "BAD_USER_INPUT", `${what}: nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects, the limit`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
}

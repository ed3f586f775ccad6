import { cloneJson, deepEqual, isPlainObject } from "./json.js";

/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, anything else replaces. Returns a new value. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  value?: unknown;
  from?: string;
}

export class JsonPatchError extends Error {
  constructor(
    /** Index of the failing operation in the patch. */
    readonly index: number,
    message: string,
  ) {
    super(`jsonPatch[${index}]: ${message}`);
    this.name = "JsonPatchError";
  }
}

const ops = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/** Checks the shape of a JSON patch without applying it; throws JsonPatchError naming the bad operation. */
export function validateJsonPatch(patch: unknown): asserts patch is JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw new JsonPatchError(0, "a JSON patch must be a list of operations");
  patch.forEach((operation: unknown, i) => {
    if (!isPlainObject(operation)) throw new JsonPatchError(i, "an operation must be an object with op and path");
    const { op, path, from } = operation;
    if (typeof op !== "string" || !ops.has(op))
      throw new JsonPatchError(i, `op ${JSON.stringify(op)} is not one of add, remove, replace, move, copy, test`);
    parsePointer(path, i, "path");
    if (op === "move" || op === "copy") parsePointer(from, i, "from");
    if ((op === "add" || op === "replace" || op === "test") && !("value" in operation))
      throw new JsonPatchError(i, `${op} needs a value`);
  });
}

/** Applies an RFC 6902 patch to a copy of doc. Throws JsonPatchError naming the failing operation and why. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  validateJsonPatch(patch);
  let result = cloneJson(doc);
  patch.forEach((operation, i) => {
    const path = parsePointer(operation.path, i, "path");
    const fail = (reason: string): never => {
      throw new JsonPatchError(i, `${operation.op} ${operation.path}: ${reason}`);
    };
    switch (operation.op) {
      case "add":
        result = add(result, path, cloneJson(operation.value), fail);
        break;
      case "remove":
        result = remove(result, path, fail).doc;
        break;
      case "replace":
        get(result, path, fail);
        result = add(remove(result, path, fail).doc, path, cloneJson(operation.value), fail);
        break;
      case "move": {
        const from = parsePointer(operation.from, i, "from");
        if (operation.path.startsWith(`${operation.from}/`)) fail(`cannot move ${operation.from} into itself`);
        const removed = remove(result, from, fail);
        result = add(removed.doc, path, removed.value, fail);
        break;
      }
      case "copy":
        result = add(result, path, cloneJson(get(result, parsePointer(operation.from, i, "from"), fail)), fail);
        break;
      case "test":
        if (!deepEqual(get(result, path, fail), operation.value)) fail("value does not match");
        break;
    }
  });
  return result;
}

type Fail = (reason: string) => never;

/** RFC 6901: "" is the whole document, "/a/b~1c" is ["a", "b/c"]. */
function parsePointer(pointer: unknown, index: number, field: string): string[] {
  if (typeof pointer !== "string") throw new JsonPatchError(index, `${field} must be a JSON pointer string`);
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(index, `${field} ${JSON.stringify(pointer)} must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(array: unknown[], token: string, allowEnd: boolean, fail: Fail): number {
  if (allowEnd && token === "-") return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) fail(`${JSON.stringify(token)} is not an array index`);
  const index = Number(token);
  if (index > array.length || (!allowEnd && index === array.length)) fail(`index ${index} is out of bounds`);
  return index;
}

function get(doc: unknown, path: string[], fail: Fail): unknown {
  let current = doc;
  for (const token of path) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false, fail)];
    else if (isPlainObject(current) && Object.hasOwn(current, token)) current = current[token];
    else fail("path does not exist");
  }
  return current;
}

function parentOf(doc: unknown, path: string[], fail: Fail): { parent: unknown; last: string } {
  return { parent: get(doc, path.slice(0, -1), fail), last: path[path.length - 1] };
}

function add(doc: unknown, path: string[], value: unknown, fail: Fail): unknown {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path, fail);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, fail), 0, value);
  else if (isPlainObject(parent)) parent[last] = value;
  else fail("parent is not an object or array");
  return doc;
}

function remove(doc: unknown, path: string[], fail: Fail): { doc: unknown; value: unknown } {
  if (path.length === 0) return { doc: undefined, value: doc };
  const { parent, last } = parentOf(doc, path, fail);
  if (Array.isArray(parent)) {
    const [value] = parent.splice(arrayIndex(parent, last, false, fail), 1);
    return { doc, value };
  }
  if (isPlainObject(parent) && Object.hasOwn(parent, last)) {
    const value = parent[last];
    delete parent[last];
    return { doc, value };
  }
  return fail("path does not exist");
}

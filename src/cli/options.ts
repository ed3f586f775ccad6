import { InvalidArgumentError } from "commander";

/** Commander parsers that turn bad flag values into clear usage errors. */
export function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(", ")}.`);
    return value as T;
  };
}

/** A repeatable, comma-separated option whose values must be known: `-x a -x b,c` -> ["a", "b", "c"]. */
export function listOf(what: string, values: readonly string[]) {
  return (value: string, previous: string[] = []): string[] => {
    const items = list(value, previous);
    const unknown = items.filter((v) => !values.includes(v));
    if (unknown.length) throw new InvalidArgumentError(`unknown ${what} "${unknown[0]}": use one of ${values.join(", ")}.`);
    return items;
  };
}

/** Collects a repeatable option: `-x a -x b,c` -> ["a", "b", "c"]. */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

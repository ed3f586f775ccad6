/**
 * Kubernetes label selectors: the string form the API accepts in `labelSelector=` ("a=b,c!=d,e in (f,g),!h") and the
 * structured form of `metav1.LabelSelector` ({matchLabels, matchExpressions}), converted both ways and evaluated with
 * the API server's semantics (`!=` and `notin` also match objects without the label).
 */

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

/** metav1.LabelSelector. An empty selector ({}) matches everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

/** One parsed requirement; `values` is empty for Exists/DoesNotExist. */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

const operators: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** A validated selector: evaluate it many times without re-parsing. */
export class Selector {
  private readonly sets: readonly (ReadonlySet<string> | undefined)[];

  constructor(readonly requirements: readonly Requirement[]) {
    this.sets = requirements.map((r) => (r.values.length > 1 ? new Set(r.values) : undefined));
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    for (let i = 0; i < this.requirements.length; i++) {
      const r = this.requirements[i];
      const value = labels && Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
      const set = this.sets[i];
      const inValues = value !== undefined && (set ? set.has(value) : r.values[0] === value);
      switch (r.operator) {
        case "In":
          if (!inValues) return false;
          break;
        case "NotIn":
          if (inValues) return false;
          break;
        case "Exists":
          if (value === undefined) return false;
          break;
        case "DoesNotExist":
          if (value !== undefined) return false;
          break;
      }
    }
    return true;
  }

  /** The string form, requirements sorted by key as the API server prints them. */
  toString(): string {
    return sortedByKey(this.requirements).map(formatRequirement).join(",");
  }

  /** The structured form: single-value In requirements become matchLabels (the first one per key). */
  toLabelSelector(): LabelSelector {
    const matchLabels: Record<string, string> = {};
    const matchExpressions: LabelSelectorRequirement[] = [];
    for (const r of this.requirements) {
      if (r.operator === "In" && r.values.length === 1 && !(r.key in matchLabels)) {
        matchLabels[r.key] = r.values[0];
      } else if (r.operator === "Exists" || r.operator === "DoesNotExist") {
        matchExpressions.push({ key: r.key, operator: r.operator });
      } else {
        matchExpressions.push({ key: r.key, operator: r.operator, values: [...r.values] });
      }
    }
    const out: LabelSelector = {};
    if (Object.keys(matchLabels).length > 0) out.matchLabels = matchLabels;
    if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
    return out;
  }
}

function sortedByKey(requirements: readonly Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case "Exists":
      return r.key;
    case "DoesNotExist":
      return `!${r.key}`;
    case "In":
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${[...r.values].sort().join(",")})`;
    case "NotIn":
      return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${[...r.values].sort().join(",")})`;
  }
}

// ---- validation (the API server's rules for label keys and values) ----

const nameRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dns1123SubdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (a qualified name: optional DNS subdomain prefix + "/" + name), or undefined. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return "prefix part must be non-empty";
    if (prefix.length > 253) return "prefix part must be no more than 253 characters";
    if (!dns1123SubdomainRe.test(prefix)) {
      return "prefix part must be a lowercase RFC 1123 subdomain (lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character)";
    }
  }
  if (name.length === 0) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!nameRe.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a valid label value (empty, or up to 63 of [A-Za-z0-9-_.] starting and ending alphanumeric). */
export function labelValueError(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return "must be no more than 63 characters";
  if (!nameRe.test(value)) {
    return "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

// ---- the string form ----

type TokenKind = "ident" | "!" | "=" | "==" | "!=" | "(" | ")" | "," | "in" | "notin" | "<" | ">" | "end";

interface Token {
  kind: TokenKind;
  text: string;
  pos: number; // 0-based offset in the input
}

const specialChars = new Set([" ", "\t", "\n", "\r", "!", "=", "(", ")", ",", "<", ">"]);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "!" || c === "=") {
      const two = input.slice(i, i + 2);
      if (two === "!=" || two === "==") {
        tokens.push({ kind: two, text: two, pos: i });
        i += 2;
      } else {
        tokens.push({ kind: c, text: c, pos: i });
        i++;
      }
    } else if (c === "(" || c === ")" || c === "," || c === "<" || c === ">") {
      tokens.push({ kind: c, text: c, pos: i });
      i++;
    } else {
      const start = i;
      while (i < input.length && !specialChars.has(input[i])) i++;
      const text = input.slice(start, i);
      const kind: TokenKind = text === "in" ? "in" : text === "notin" ? "notin" : "ident";
      tokens.push({ kind, text, pos: start });
    }
  }
  tokens.push({ kind: "end", text: "end of string", pos: input.length });
  return tokens;
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly input: string) {
    this.tokens = tokenize(input);
  }

  private fail(token: Token, reason: string): never {
    const found = token.kind === "end" ? "end of string" : `'${token.text}' at position ${token.pos + 1}`;
    throw new SelectorError(`invalid label selector "${this.input}": found ${found}, ${reason}`);
  }

  private invalid(reason: string): never {
    throw new SelectorError(`invalid label selector "${this.input}": ${reason}`);
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    if (this.peek().kind === "end") return requirements;
    for (;;) {
      requirements.push(this.requirement());
      const t = this.next();
      if (t.kind === "end") return requirements;
      if (t.kind !== ",") this.fail(t, "expected ',' or end of string");
    }
  }

  private key(): string {
    const t = this.next();
    // "in"/"notin" are only keywords after a key; as a key they are ordinary names.
    if (t.kind !== "ident" && t.kind !== "in" && t.kind !== "notin") this.fail(t, "expected a label key");
    const err = labelKeyError(t.text);
    if (err) this.invalid(`key "${t.text}": ${err}`);
    return t.text;
  }

  private value(): string {
    const t = this.peek();
    if (t.kind === "ident" || t.kind === "in" || t.kind === "notin") {
      this.i++;
      const err = labelValueError(t.text);
      if (err) this.invalid(`value "${t.text}": ${err}`);
      return t.text;
    }
    return ""; // "a=" and "a in (b,)" select the empty value, as on the API server
  }

  private requirement(): Requirement {
    if (this.peek().kind === "!") {
      this.i++;
      return { key: this.key(), operator: "DoesNotExist", values: [] };
    }
    const key = this.key();
    const op = this.peek();
    switch (op.kind) {
      case ",":
      case "end":
        return { key, operator: "Exists", values: [] };
      case "=":
      case "==":
      case "!=": {
        this.i++;
        const value = this.value();
        const after = this.peek();
        if (after.kind !== "," && after.kind !== "end") this.fail(after, `expected ',' or end of string after "${key}${op.text}${value}"`);
        return { key, operator: op.kind === "!=" ? "NotIn" : "In", values: [value] };
      }
      case "in":
      case "notin": {
        this.i++;
        const open = this.next();
        if (open.kind !== "(") this.fail(open, `expected '(' after "${key} ${op.text}"`);
        const values = this.valueSet(key, op.text);
        return { key, operator: op.kind === "in" ? "In" : "NotIn", values };
      }
      case "<":
      case ">":
        return this.fail(op, `the operators '<' and '>' are not supported (use =, ==, !=, in, notin, or a bare key)`);
      default:
        return this.fail(op, `expected an operator (=, ==, !=, in, notin), ',' or end of string after key "${key}"`);
    }
  }

  private valueSet(key: string, op: string): string[] {
    const values: string[] = [];
    if (this.peek().kind === ")") {
      this.invalid(`"${key} ${op} ()": the value set of 'in' and 'notin' must not be empty`);
    }
    for (;;) {
      values.push(this.value());
      const t = this.next();
      if (t.kind === ")") break;
      if (t.kind !== ",") this.fail(t, `expected ',' or ')' in the values of "${key} ${op}"`);
    }
    return [...new Set(values)];
  }
}

/** Parses the string form. Throws SelectorError naming the bad part. "" selects everything. */
export function parseSelector(text: string): Selector {
  return new Selector(new Parser(text).parse());
}

/** Validates the structured form. Throws SelectorError naming the field, e.g. "matchExpressions[1].values". */
export function selectorFromLabelSelector(selector: LabelSelector, field = "selector"): Selector {
  if (selector === null || typeof selector !== "object" || Array.isArray(selector)) {
    throw new SelectorError(`${field}: must be an object with matchLabels and/or matchExpressions`);
  }
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== "object" || Array.isArray(matchLabels)) {
      throw new SelectorError(`${field}.matchLabels: must be a map of label keys to values`);
    }
    for (const [key, value] of Object.entries(matchLabels)) {
      const keyErr = labelKeyError(key);
      if (keyErr) throw new SelectorError(`${field}.matchLabels: invalid key "${key}": ${keyErr}`);
      if (typeof value !== "string") throw new SelectorError(`${field}.matchLabels.${key}: must be a string`);
      const valueErr = labelValueError(value);
      if (valueErr) throw new SelectorError(`${field}.matchLabels.${key}: invalid value "${value}": ${valueErr}`);
      requirements.push({ key, operator: "In", values: [value] });
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) throw new SelectorError(`${field}.matchExpressions: must be a list`);
    matchExpressions.forEach((e, i) => requirements.push(requirementFrom(e, `${field}.matchExpressions[${i}]`)));
  }
  return new Selector(requirements);
}

function requirementFrom(e: LabelSelectorRequirement, at: string): Requirement {
  if (e === null || typeof e !== "object") throw new SelectorError(`${at}: must be an object with key, operator and values`);
  if (typeof e.key !== "string") throw new SelectorError(`${at}.key: Required value`);
  const keyErr = labelKeyError(e.key);
  if (keyErr) throw new SelectorError(`${at}.key: invalid key "${e.key}": ${keyErr}`);
  if (!operators.includes(e.operator)) {
    throw new SelectorError(`${at}.operator: unsupported value ${JSON.stringify(e.operator)}: supported values are "In", "NotIn", "Exists", "DoesNotExist"`);
  }
  const values = e.values ?? [];
  if (!Array.isArray(values)) throw new SelectorError(`${at}.values: must be a list of strings`);
  if ((e.operator === "In" || e.operator === "NotIn") && values.length === 0) {
    throw new SelectorError(`${at}.values: must be specified when operator is ${e.operator}`);
  }
  if ((e.operator === "Exists" || e.operator === "DoesNotExist") && values.length > 0) {
    throw new SelectorError(`${at}.values: may not be specified when operator is ${e.operator}`);
  }
  values.forEach((v, j) => {
    if (typeof v !== "string") throw new SelectorError(`${at}.values[${j}]: must be a string`);
    const err = labelValueError(v);
    if (err) throw new SelectorError(`${at}.values[${j}]: invalid value "${v}": ${err}`);
  });
  return { key: e.key, operator: e.operator, values: [...new Set(values)] };
}

export type SelectorInput = string | LabelSelector | Selector | undefined;

/** Any form to a Selector; undefined selects everything. */
export function toSelector(input: SelectorInput): Selector {
  if (input === undefined) return everything;
  if (input instanceof Selector) return input;
  return typeof input === "string" ? parseSelector(input) : selectorFromLabelSelector(input);
}

export function labelSelectorToString(selector: LabelSelector): string {
  return selectorFromLabelSelector(selector).toString();
}

export function labelSelectorFromString(text: string): LabelSelector {
  return parseSelector(text).toLabelSelector();
}

/** Whether labels satisfy the selector (any form). Throws SelectorError for an invalid selector. */
export function matches(selector: SelectorInput, labels: Labels): boolean {
  return toSelector(selector).matches(labels);
}

const everything = new Selector([]);

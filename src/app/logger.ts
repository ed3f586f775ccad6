/**
 * A small structured logger: one line per entry on stderr (text on a TTY, JSON lines otherwise or with format "json").
 * Fields pass through `redact`, so kubeconfigs, tokens and keys never reach the log.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const logLevels: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level?: LogLevel;
  format?: "text" | "json";
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const level = options.level ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const format = options.format ?? (process.stderr.isTTY ? "text" : "json");
  const log = (at: Exclude<LogLevel, "silent">) => (message: string, fields?: LogFields) => {
    if (rank[at] < rank[level]) return;
    const all = redact({ ...bound, ...fields }) as LogFields;
    const time = new Date().toISOString();
    if (format === "json") {
      write(JSON.stringify({ time, level: at, msg: redactText(message), ...all }));
    } else {
      const rest = Object.entries(all).map(([k, v]) => ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
      write(`${time} ${at.toUpperCase().padEnd(5)} ${redactText(message)}${rest.join("")}`);
    }
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger({ level, format, write }, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger({ level: "silent" });

const SECRET_KEY = /(kubeconfig|token|password|secret|client-key|client-certificate|private|authorization|credential)/i;
const SECRET_TEXT = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /((?:token|client-key-data|client-certificate-data|certificate-authority-data|password)\s*[:=]\s*)\S+/gi,
  /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g,
];

/** Replaces credentials in free text (error messages can quote a kubeconfig or a request header). */
export function redactText(text: string): string {
  return SECRET_TEXT.reduce((t, re) => t.replace(re, (_m, prefix?: string) => `${typeof prefix === "string" ? prefix : ""}[redacted]`), text);
}

/** Deep copy with credential-looking keys masked and credential-looking text replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  if (!value || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== undefined ? "[redacted]" : redact(v, depth + 1)]),
  );
}

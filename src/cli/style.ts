import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Colour when writing to a terminal (and NO_COLOR is unset), plain text when piped or redirected. */
export interface Style {
  readonly tty: boolean;
  ok(text: string): string;
  error(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function styleFor(stream: NodeJS.WriteStream = process.stdout): Style {
  const tty = !!stream.isTTY;
  const colour = tty && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  const paint = (format: Format) => (text: string) => (colour ? styleText(format, text) : text);
  return { tty, ok: paint("green"), error: paint("red"), warn: paint("yellow"), dim: paint("dim"), bold: paint("bold") };
}

export interface Progress {
  /** Shows what is happening now (on a terminal: one line, rewritten). */
  step(text: string): void;
  /** Clears the progress line. */
  done(): void;
}

/**
 * Progress for long operations on stderr: a rewritten line on a terminal; when stderr is not a terminal, each step on
 * its own line only if `verbose`, so piped output stays clean.
 */
export function progressOn(stream: NodeJS.WriteStream = process.stderr, verbose = false): Progress {
  if (!stream.isTTY) {
    return { step: (text) => void (verbose && stream.write(`${text}\n`)), done: () => {} };
  }
  let shown = false;
  return {
    step(text) {
      const width = Math.max(20, (stream.columns ?? 80) - 3);
      stream.write(`\r\x1b[K${styleFor(stream).dim("…")} ${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}

import { crc32 } from "./crc32.js";

/**
 * The records of the embedded world's journal and snapshot, one per line:
 *   <crc32 of the rest of the line, 8 hex digits> TAB <payload> LF
 * Payloads (tab-separated, JSON last so it may contain anything; JSON text never holds a raw tab or newline):
 *   J 2 <gen>                              first line of journal <gen> (format 2)
 *   S 2 <gen>                              first line of a snapshot that replaces every journal before <gen>
 *   E <records>                            last line of a snapshot, with the number of records between
 *   C <cluster> <rv>                       the cluster exists; its revision is at least rv
 *   R <cluster>                            the cluster was removed
 *   P <cluster> <typeKey> <object json>    an object was written
 *   D <cluster> <typeKey> <ns> <name> <rv> an object was deleted at revision rv
 * Format 1 (fedplane before checksums) is the same without the checksum column and without J lines.
 */

export type JournalRecord =
  | { op: "C"; cluster: string; rv: number }
  | { op: "R"; cluster: string }
  | { op: "P"; cluster: string; typeKey: string; json: string }
  | { op: "D"; cluster: string; typeKey: string; ns: string; name: string; rv: number };

export const FORMAT = "2";

export function formatPayload(r: JournalRecord): string {
  switch (r.op) {
    case "C":
      return `C\t${r.cluster}\t${r.rv}`;
    case "R":
      return `R\t${r.cluster}`;
    case "P":
      return `P\t${r.cluster}\t${r.typeKey}\t${r.json}`;
    case "D":
      return `D\t${r.cluster}\t${r.typeKey}\t${r.ns}\t${r.name}\t${r.rv}`;
  }
}

/** One checksummed line, newline included. */
export function encodeLine(payload: string): Buffer {
  const body = Buffer.from(payload, "utf8");
  const line = Buffer.allocUnsafe(body.length + 10);
  line.write(crc32(body).toString(16).padStart(8, "0"), 0, "latin1");
  line[8] = 9;
  body.copy(line, 9);
  line[line.length - 1] = 10;
  return line;
}

/** The payload of a checksummed line (without its newline), or undefined when the checksum does not match. */
export function decodeLine(line: Buffer): string | undefined {
  if (line.length < 9 || line[8] !== 9) return undefined;
  const sum = line.toString("latin1", 0, 8);
  if (!/^[0-9a-f]{8}$/.test(sum) || parseInt(sum, 16) !== crc32(line, 9)) return undefined;
  return line.toString("utf8", 9);
}

/** A record payload, or undefined when it is not one. */
export function parsePayload(line: string): JournalRecord | undefined {
  const t1 = line.indexOf("\t");
  if (t1 !== 1) return undefined;
  const op = line[0];
  if (op === "P") {
    const t2 = line.indexOf("\t", 2);
    const t3 = t2 < 0 ? -1 : line.indexOf("\t", t2 + 1);
    if (t3 < 0) return undefined;
    const json = line.slice(t3 + 1);
    if (!json.startsWith("{") || !json.endsWith("}")) return undefined;
    return { op, cluster: line.slice(2, t2), typeKey: line.slice(t2 + 1, t3), json };
  }
  const f = line.split("\t");
  if (op === "C" && f.length === 3 && /^\d+$/.test(f[2])) return { op, cluster: f[1], rv: Number(f[2]) };
  if (op === "R" && f.length === 2) return { op, cluster: f[1] };
  if (op === "D" && f.length === 6 && /^\d+$/.test(f[5])) return { op, cluster: f[1], typeKey: f[2], ns: f[3], name: f[4], rv: Number(f[5]) };
  return undefined;
}

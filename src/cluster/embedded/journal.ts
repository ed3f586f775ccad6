import * as fs from "node:fs";
import * as path from "node:path";
import { errorMessage } from "../errors.js";

/**
 * Durable storage for the embedded world: one append-only journal file (one descriptor for all clusters) written with
 * a synchronous write before a write is acknowledged, so `kill -9` after an acknowledgement loses nothing; compacted
 * now and then into a snapshot that replaces the journal atomically (rename).
 *
 * Lines (tab-separated, JSON last so it may contain anything):
 *   C <cluster> <rv>                      the cluster exists; its revision is at least rv
 *   R <cluster>                           the cluster was removed
 *   P <cluster> <typeKey> <object json>   an object was written
 *   D <cluster> <typeKey> <ns> <name> <rv> an object was deleted at revision rv
 * A snapshot starts with `S 1 <gen>` (it replaces every journal before generation <gen>) and ends with `E`.
 */

export type JournalRecord =
  | { op: "C"; cluster: string; rv: number }
  | { op: "R"; cluster: string }
  | { op: "P"; cluster: string; typeKey: string; json: string }
  | { op: "D"; cluster: string; typeKey: string; ns: string; name: string; rv: number };

/** What a snapshot holds: clusters with their revision and objects. Captured synchronously, written later. */
export interface SnapshotSource {
  clusters: { name: string; rv: number; objects: [typeKey: string, json: string][] }[];
}

// Prefixed names: the directory may be shared with other state of the application.
const SNAPSHOT = "world.snapshot";
const LOCK = "world.lock";
const FORMAT = "1";
const JOURNAL = "world.journal.";
const journalName = (gen: number) => `${JOURNAL}${gen}`;
const journalGen = (file: string) => (file.startsWith(JOURNAL) && /^\d+$/.test(file.slice(JOURNAL.length)) ? Number(file.slice(JOURNAL.length)) : undefined);

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JournalError";
  }
}

export class Journal {
  private fd: number;
  private gen: number;
  private bytes = 0;
  /** Size of the last snapshot: the journal may grow as large before the next one, so compaction stays linear. */
  private snapshotBytes: number;
  private compacting: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    gen: number,
    private readonly compactAfterBytes: number,
    private readonly capture: () => SnapshotSource,
  ) {
    this.gen = gen;
    this.fd = fs.openSync(path.join(dir, journalName(gen)), "a");
    this.bytes = fs.fstatSync(this.fd).size;
    const snapshot = path.join(dir, SNAPSHOT);
    this.snapshotBytes = fs.existsSync(snapshot) ? fs.statSync(snapshot).size : 0;
  }

  /**
   * Locks the directory, replays the snapshot and journals into `apply`, and opens the journal for appending.
   * `capture` is called whenever a snapshot is taken.
   */
  static open(dir: string, compactAfterBytes: number, apply: (r: JournalRecord) => void, capture: () => SnapshotSource): Journal {
    fs.mkdirSync(dir, { recursive: true });
    acquireLock(dir);
    try {
      let gen = 0;
      const snapshotPath = path.join(dir, SNAPSHOT);
      if (fs.existsSync(snapshotPath)) gen = replaySnapshot(snapshotPath, apply);
      const journals = fs
        .readdirSync(dir)
        .map((f) => journalGen(f))
        .filter((g): g is number => g !== undefined)
        .sort((a, b) => a - b);
      for (const g of journals) {
        const file = path.join(dir, journalName(g));
        if (g < gen) fs.rmSync(file, { force: true }); // already in the snapshot (a crash after its rename)
      }
      const live = journals.filter((g) => g >= gen);
      live.forEach((g, i) => replayJournal(path.join(dir, journalName(g)), apply, i === live.length - 1));
      fs.rmSync(path.join(dir, `${SNAPSHOT}.tmp`), { force: true });
      return new Journal(dir, live.length ? live[live.length - 1] : gen, compactAfterBytes, capture);
    } catch (err) {
      releaseLock(dir);
      throw err;
    }
  }

  append(record: JournalRecord): void {
    if (this.closed) throw new JournalError(`the embedded world in ${this.dir} is closed`);
    const buf = Buffer.from(formatRecord(record), "utf8");
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
    if (this.bytes > Math.max(this.compactAfterBytes, this.snapshotBytes) && !this.compacting) {
      this.compact().catch((err) => process.emitWarning(`embedded world in ${this.dir}: compaction failed: ${errorMessage(err)}`));
    }
  }

  /** Writes a snapshot of the current state and drops the journals it replaces. Safe to crash at any point. */
  compact(): Promise<void> {
    if (!this.compacting) this.compacting = this.writeCompaction().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  private async writeCompaction(): Promise<void> {
    if (this.closed) return;
    // Switch to a fresh journal and capture the state in the same synchronous step: the snapshot then holds exactly
    // what the old journals held, and every later write goes to the new journal.
    const oldGen = this.gen;
    const newGen = oldGen + 1;
    const newFd = fs.openSync(path.join(this.dir, journalName(newGen)), "a");
    const oldFd = this.fd;
    this.fd = newFd;
    this.gen = newGen;
    this.bytes = 0;
    fs.closeSync(oldFd);
    const source = this.capture();
    this.snapshotBytes = await writeSnapshot(this.dir, newGen, source);
    for (let g = oldGen; g >= 0; g--) {
      const file = path.join(this.dir, journalName(g));
      if (!fs.existsSync(file)) break;
      fs.rmSync(file, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.compacting?.catch(() => {});
    this.closed = true;
    fs.closeSync(this.fd);
    releaseLock(this.dir);
  }
}

function formatRecord(r: JournalRecord): string {
  switch (r.op) {
    case "C":
      return `C\t${r.cluster}\t${r.rv}\n`;
    case "R":
      return `R\t${r.cluster}\n`;
    case "P":
      return `P\t${r.cluster}\t${r.typeKey}\t${r.json}\n`;
    case "D":
      return `D\t${r.cluster}\t${r.typeKey}\t${r.ns}\t${r.name}\t${r.rv}\n`;
  }
}

function parseRecord(line: string): JournalRecord | undefined {
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

/** Calls `onLine` for each complete line; returns the offset after the last complete line. */
function readLines(file: string, onLine: (line: string, lineNo: number) => void): { end: number; size: number } {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry = Buffer.alloc(0);
    let pos = 0;
    let end = 0;
    let lineNo = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        onLine(data.toString("utf8", start, nl), ++lineNo);
        end += nl + 1 - start;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    return { end, size };
  } finally {
    fs.closeSync(fd);
  }
}

function replayJournal(file: string, apply: (r: JournalRecord) => void, isLast: boolean): void {
  const { end, size } = readLines(file, (line, lineNo) => {
    const record = parseRecord(line);
    if (!record) throw new JournalError(`${file}: line ${lineNo} is damaged; restore the data directory from a backup or move it away to start empty`);
    apply(record);
  });
  if (end < size) {
    if (!isLast) throw new JournalError(`${file}: ends in the middle of a line but a newer journal exists; the data directory is damaged`);
    // A crash during the last append: that write was never acknowledged, so dropping it loses nothing.
    fs.truncateSync(file, end);
  }
}

function replaySnapshot(file: string, apply: (r: JournalRecord) => void): number {
  let gen: number | undefined;
  let complete = false;
  const { end, size } = readLines(file, (line, lineNo) => {
    if (lineNo === 1) {
      const f = line.split("\t");
      if (f[0] !== "S" || f[1] !== FORMAT || !/^\d+$/.test(f[2] ?? "")) throw new JournalError(`${file}: not a fedplane snapshot (format ${FORMAT})`);
      gen = Number(f[2]);
      return;
    }
    if (line === "E") {
      complete = true;
      return;
    }
    const record = parseRecord(line);
    if (!record || complete) throw new JournalError(`${file}: line ${lineNo} is damaged; restore the data directory from a backup`);
    apply(record);
  });
  if (gen === undefined || !complete || end !== size) throw new JournalError(`${file}: the snapshot is incomplete; restore the data directory from a backup`);
  return gen;
}

/** Returns the snapshot's size in bytes. */
async function writeSnapshot(dir: string, gen: number, source: SnapshotSource): Promise<number> {
  const tmp = path.join(dir, `${SNAPSHOT}.tmp`);
  const fh = await fs.promises.open(tmp, "w");
  let size = 0;
  const write = async (text: string) => {
    await fh.writeFile(text); // writes all of it, from the current position
    size += Buffer.byteLength(text);
  };
  try {
    let buf = `S\t${FORMAT}\t${gen}\n`;
    const flushAt = 1 << 20;
    for (const c of source.clusters) {
      buf += formatRecord({ op: "C", cluster: c.name, rv: c.rv });
      for (const [typeKey, json] of c.objects) {
        buf += formatRecord({ op: "P", cluster: c.name, typeKey, json });
        if (buf.length >= flushAt) {
          await write(buf);
          buf = "";
        }
      }
    }
    await write(buf + "E\n");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, path.join(dir, SNAPSHOT));
  await syncDir(dir);
  return size;
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Directories this process holds the lock of: a lock naming our own pid is otherwise stale (a container's PID 1 again). */
const heldLocks = new Set<string>();

function acquireLock(dir: string): void {
  const file = path.join(dir, LOCK);
  const key = path.resolve(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      heldLocks.add(key);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8").trim());
      const ours = pid === process.pid;
      if (Number.isInteger(pid) && pid > 0 && (ours ? heldLocks.has(key) : isAlive(pid))) {
        throw new JournalError(
          `the data directory ${dir} is in use by process ${pid}${ours ? " (this process)" : ""}; stop it or use another data directory`,
        );
      }
      fs.rmSync(file, { force: true }); // left by a process that died (kill -9)
    }
  }
  throw new JournalError(`could not lock the data directory ${dir}; another process is opening it`);
}

function releaseLock(dir: string): void {
  fs.rmSync(path.join(dir, LOCK), { force: true });
  heldLocks.delete(path.resolve(dir));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

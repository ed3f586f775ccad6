import * as fs from "node:fs";
import * as path from "node:path";
import { errorMessage } from "../errors.js";
import { decodeLine, encodeLine, FORMAT, formatPayload, parsePayload, type JournalRecord } from "./journal-records.js";

export type { JournalRecord } from "./journal-records.js";

/**
 * Durable storage for the embedded world: one append-only journal file (one descriptor for all clusters), compacted
 * now and then into a snapshot that replaces the journals before it atomically (rename). Every record carries a
 * CRC-32 (journal-records.ts), so damage is found, never loaded.
 *
 * What an acknowledgement means is the sync policy's: "commit" (the default) answers a write only once it is on disk
 * (fdatasync), with group commit: writes arriving while one fdatasync runs share the next one, so many concurrent
 * writers pay for few syncs; "os" answers once the OS has the bytes (survives kill -9 of the process, not a power
 * loss). Watch events may be delivered before their write is durable; the writer's answer never is.
 *
 * What the directory holds is checked when it is opened: a directory that was initialised (world.id) never starts
 * empty because its files were emptied or deleted; the journals must run without a gap from the snapshot's
 * generation; a damaged record is an error naming file and byte offset, except for a damaged tail of the newest
 * journal (a crash during a write), which is cut off with a warning naming file, offset and records lost, its bytes
 * kept beside it. No message ever quotes the content (the journal holds kubeconfig Secrets).
 */

/** What a snapshot holds: clusters with their revision and objects. Captured synchronously, written later. */
export interface SnapshotSource {
  clusters: { name: string; rv: number; objects: [typeKey: string, json: string][] }[];
}

export type SyncPolicy = "commit" | "os";

export interface JournalOptions {
  compactAfterBytes: number;
  sync: SyncPolicy;
  /** Loud, operator-facing warnings (a damaged tail cut off, a failed compaction). */
  warn: (message: string) => void;
}

// Prefixed names: the directory may be shared with other state of the application.
const SNAPSHOT = "world.snapshot";
const LOCK = "world.lock";
const MARKER = "world.id";
const JOURNAL = "world.journal.";
const journalName = (gen: number) => `${JOURNAL}${gen}`;
const journalGen = (file: string) => (file.startsWith(JOURNAL) && /^\d+$/.test(file.slice(JOURNAL.length)) ? Number(file.slice(JOURNAL.length)) : undefined);

const RESTORE = "restore the data directory from a backup";
const MAX_SYNCS_IN_FLIGHT = 4;

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JournalError";
  }
}

export class Journal {
  private fd: number;
  private gen: number;
  private bytes: number;
  /** Size of the last snapshot: the journal may grow as large before the next one, so compaction stays linear. */
  private snapshotBytes: number;
  private compacting: Promise<void> | undefined;
  private closed = false;
  /** Appends so far, and how many of them are known to be on disk. */
  private appended = 0;
  private durable = 0;
  /** fdatasyncs running, and the appends the newest of them covers. */
  private syncsInFlight = 0;
  private syncRequested = 0;
  private syncScheduled = false;
  /** close() waiting for the fdatasyncs in flight: their descriptor must stay open until they are done. */
  private readonly idleWaiters: (() => void)[] = [];
  private readonly waiters: { upTo: number; resolve(): void; reject(err: Error): void }[] = [];
  /** Descriptors replaced by a compaction while an fdatasync on them may still run: closed once it has. */
  private readonly retired: number[] = [];
  /** Set when an fdatasync failed: what was written may not be on disk, so nothing more is acknowledged. */
  private failure: JournalError | undefined;

  private constructor(
    readonly dir: string,
    gen: number,
    private readonly options: JournalOptions,
    private readonly capture: () => SnapshotSource,
  ) {
    this.gen = gen;
    this.fd = fs.openSync(path.join(dir, journalName(gen)), "a");
    this.bytes = fs.fstatSync(this.fd).size;
    const snapshot = path.join(dir, SNAPSHOT);
    this.snapshotBytes = fs.existsSync(snapshot) ? fs.statSync(snapshot).size : 0;
  }

  /**
   * Locks the directory, checks and replays the snapshot and journals into `apply`, and opens the journal for
   * appending. `capture` is called whenever a snapshot is taken. A directory of format 1 (no checksums) is read as it
   * is and rewritten in format 2 at once.
   */
  static async open(dir: string, options: JournalOptions, apply: (r: JournalRecord) => void, capture: () => SnapshotSource): Promise<Journal> {
    fs.mkdirSync(dir, { recursive: true });
    acquireLock(dir);
    try {
      const files = fs.readdirSync(dir);
      const gens = files
        .map((f) => journalGen(f))
        .filter((g): g is number => g !== undefined)
        .sort((a, b) => a - b);
      const hasSnapshot = files.includes(SNAPSHOT);
      fs.rmSync(path.join(dir, `${SNAPSHOT}.tmp`), { force: true });
      if (!files.includes(MARKER)) {
        if (!hasSnapshot && gens.length === 0) {
          // A new data directory: the marker first, so that from now on an emptied directory is told from a new one.
          writeDurably(dir, MARKER, `fedplane embedded world, format ${FORMAT}, created ${new Date().toISOString()}\n`);
          fs.closeSync(createJournalFile(dir, 0));
          return new Journal(dir, 0, options, capture);
        }
        const journal = new Journal(dir, replayUnmarked(dir, hasSnapshot, gens, apply, options.warn), options, capture);
        await journal.compact(); // format 2 from here on
        writeDurably(dir, MARKER, `fedplane embedded world, format ${FORMAT}, converted from format 1 ${new Date().toISOString()}\n`);
        return journal;
      }
      const gen = replay(dir, hasSnapshot, gens, apply, options.warn);
      return new Journal(dir, gen, options, capture);
    } catch (err) {
      releaseLock(dir);
      throw err;
    }
  }

  /** Hands the record to the OS (synchronously: a failure throws and the write does not happen). */
  append(record: JournalRecord): void {
    if (this.closed) throw new JournalError(`the embedded world in ${this.dir} is closed`);
    if (this.failure) throw this.failure;
    const buf = encodeLine(formatPayload(record));
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
    this.appended++;
    if (this.bytes > Math.max(this.options.compactAfterBytes, this.snapshotBytes) && !this.compacting) {
      // Not now: the caller applies this write to its state only after append returns, and the snapshot must hold it
      // (the record is in the journal the snapshot replaces).
      queueMicrotask(() => {
        if (!this.compacting && !this.closed) {
          this.compact().catch((err) => this.options.warn(`embedded world in ${this.dir}: compaction failed: ${errorMessage(err)}`));
        }
      });
    }
  }

  /** Resolves once everything appended so far is as durable as the sync policy promises; rejects if it cannot be. */
  synced(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.options.sync === "os" || this.durable >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo: this.appended, resolve, reject });
      this.startSync();
    });
  }

  /**
   * One fdatasync for everything appended by the end of this turn of the event loop, so the writes of one turn share
   * it. Up to MAX_SYNCS_IN_FLIGHT run at once: writes that arrive while one runs need not wait for it to finish before
   * their own starts (a write is durable once any fdatasync started after it has completed).
   */
  private startSync(): void {
    if (this.syncScheduled || this.syncsInFlight >= MAX_SYNCS_IN_FLIGHT || this.closed) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      this.runSync();
    });
  }

  private runSync(): void {
    if (this.closed || this.syncRequested >= this.appended) return;
    this.syncsInFlight++;
    const upTo = (this.syncRequested = this.appended);
    const file = path.join(this.dir, journalName(this.gen));
    fs.fdatasync(this.fd, (err) => {
      this.syncsInFlight--;
      if (this.syncsInFlight === 0) {
        for (const fd of this.retired.splice(0)) fs.closeSync(fd);
        for (const idle of this.idleWaiters.splice(0)) idle();
      }
      if (err) {
        this.fail(
          new JournalError(
            `${file}: writing to disk failed (fdatasync: ${err.code ?? err.message}); writes since the last successful one may be lost, so the embedded world accepts no more writes: fix the disk, then restart fedplane`,
          ),
        );
        return;
      }
      this.markDurable(upTo);
      if (this.waiters.length) this.startSync();
    });
  }

  private markDurable(upTo: number): void {
    this.durable = Math.max(this.durable, upTo);
    let kept = 0;
    for (const w of this.waiters) {
      if (w.upTo <= this.durable) w.resolve();
      else this.waiters[kept++] = w;
    }
    this.waiters.length = kept;
  }

  private fail(err: JournalError): void {
    this.failure = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
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
    const newFd = createJournalFile(this.dir, newGen);
    const oldFd = this.fd;
    if (this.options.sync === "commit") {
      fs.fdatasyncSync(oldFd); // what went to the old journal is on disk: its waiters need not wait for the snapshot
      this.markDurable(this.appended);
    }
    this.fd = newFd;
    this.gen = newGen;
    this.bytes = fs.fstatSync(newFd).size;
    if (this.syncsInFlight > 0) this.retired.push(oldFd);
    else fs.closeSync(oldFd);
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
    await this.synced().catch(() => {});
    while (this.syncsInFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.closed = true;
    if (this.options.sync === "commit" && !this.failure) fs.fdatasyncSync(this.fd);
    fs.closeSync(this.fd);
    for (const fd of this.retired.splice(0)) fs.closeSync(fd);
    releaseLock(this.dir);
  }
}

// ---- reading ----

interface Line {
  /** The line without its newline; absent newline means the file ends inside it. */
  bytes: Buffer;
  complete: boolean;
  offset: number;
  lineNo: number;
}

/** Every line of a file with its byte offset (the last one possibly incomplete). */
function* lines(file: string): Generator<Line> {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry = Buffer.alloc(0);
    let pos = 0;
    let offset = 0;
    let lineNo = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        yield { bytes: Buffer.from(data.subarray(start, nl)), complete: true, offset, lineNo: ++lineNo };
        offset += nl + 1 - start;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length) yield { bytes: carry, complete: false, offset, lineNo: ++lineNo };
  } finally {
    fs.closeSync(fd);
  }
}

const where = (file: string, l: Pick<Line, "offset" | "lineNo">) => `${file}: the record at byte ${l.offset} (line ${l.lineNo})`;

/** A record's payload if the line is intact (complete, checksum right), else undefined. */
const intact = (l: Line): string | undefined => (l.complete ? decodeLine(l.bytes) : undefined);

/** Applies one record, naming where it came from if it cannot be applied (and never what it holds). */
function applyAt(file: string, l: Line, payload: string, apply: (r: JournalRecord) => void): void {
  const record = parsePayload(payload);
  if (!record) throw new JournalError(`${where(file, l)} is not a record fedplane writes; ${RESTORE}`);
  try {
    apply(record);
  } catch (err) {
    const why = err instanceof SyntaxError ? "its object is not valid JSON" : errorMessage(err);
    throw new JournalError(`${where(file, l)} cannot be loaded: ${why}; ${RESTORE}`);
  }
}

/** Format 2: checks what the directory must hold, replays it, and returns the generation to append to. */
function replay(dir: string, hasSnapshot: boolean, gens: number[], apply: (r: JournalRecord) => void, warn: (m: string) => void): number {
  const snapshotPath = path.join(dir, SNAPSHOT);
  const first = hasSnapshot ? replaySnapshot(snapshotPath, apply) : 0;
  for (const g of gens) if (g < first) fs.rmSync(path.join(dir, journalName(g)), { force: true }); // in the snapshot already (a crash after its rename)
  const live = gens.filter((g) => g >= first);
  if (!hasSnapshot && live.length && live[0] > 0) {
    throw new JournalError(
      `${snapshotPath} is missing: the oldest journal, ${journalName(live[0])}, starts after a snapshot, which held everything written before it; ${RESTORE}. The world is not started without it.`,
    );
  }
  const expected = live.length ? live[live.length - 1] : first;
  for (let g = first; g <= expected; g++) {
    if (!live.includes(g)) {
      const held = g === first && hasSnapshot ? "every write since the snapshot" : g === 0 ? "every write of this world" : "the writes of that generation";
      throw new JournalError(
        `${path.join(dir, journalName(g))} is missing, but the data directory was initialised (${MARKER}) and the file held ${held}; ${RESTORE}. The world is not started empty in its place.`,
      );
    }
  }
  live.forEach((g, i) => replayJournal(path.join(dir, journalName(g)), g, apply, i === live.length - 1, warn));
  return expected;
}

function replayJournal(file: string, gen: number, apply: (r: JournalRecord) => void, isLast: boolean, warn: (m: string) => void): void {
  const it = lines(file);
  let damaged: Line | undefined;
  let lost = 0;
  let intactAfter = 0;
  try {
    ({ damaged, lost, intactAfter } = replayRecords(file, gen, it, apply));
  } finally {
    it.return(undefined);
  }
  if (!damaged) return;
  if (!isLast || intactAfter > 0) {
    const why = !isLast ? "a newer journal follows it" : `${intactAfter} intact record(s) follow it`;
    throw new JournalError(
      `${where(file, damaged)} is damaged (checksum mismatch or cut short) and ${why}, so it is not an interrupted last write; ${RESTORE}, or save a copy of the file and cut it at that record to keep only what precedes it (truncate -s ${damaged.offset} ${file}; ${lost} record(s) would be lost)`,
    );
  }
  // A crash while the last write(s) went to disk: under the "commit" policy they were never acknowledged.
  const kept = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const size = fs.statSync(file).size;
  const tail = Buffer.alloc(size - damaged.offset);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, tail, 0, tail.length, damaged.offset);
  } finally {
    fs.closeSync(fd);
  }
  writeDurably(path.dirname(file), path.basename(kept), tail);
  fs.truncateSync(file, damaged.offset);
  syncFile(file);
  warn(
    `embedded world: ${file} ends in a damaged record at byte ${damaged.offset} (line ${damaged.lineNo}); cut it off there: ${lost} record(s) lost (written when the process stopped mid-write, so never acknowledged under the default sync policy). The damaged ${tail.length} bytes are kept in ${kept}.`,
  );
}

/** Applies a journal's intact records up to the first damaged one; reports that one and what follows it. */
function replayRecords(file: string, gen: number, it: Generator<Line>, apply: (r: JournalRecord) => void) {
  const head = it.next();
  if (head.done) {
    throw new JournalError(`${file} is empty, but a journal starts with its header and the data directory was initialised (${MARKER}): the file was emptied; ${RESTORE}`);
  }
  if (intact(head.value) !== `J\t${FORMAT}\t${gen}`) {
    throw new JournalError(`${file}: its first line is not the header of journal ${gen} (format ${FORMAT}); ${RESTORE}`);
  }
  let damaged: Line | undefined;
  let lost = 0;
  let intactAfter = 0;
  for (let next = it.next(); !next.done; next = it.next()) {
    const l = next.value;
    const payload = intact(l);
    if (damaged) {
      lost++;
      if (payload !== undefined) intactAfter++;
    } else if (payload === undefined) {
      damaged = l;
      lost = 1;
    } else {
      applyAt(file, l, payload, apply);
    }
  }
  return { damaged, lost, intactAfter };
}

/** Returns the snapshot's generation. A snapshot is written whole and renamed into place, so any damage is fatal. */
function replaySnapshot(file: string, apply: (r: JournalRecord) => void): number {
  let gen: number | undefined;
  let records = 0;
  let end: number | undefined;
  for (const l of lines(file)) {
    const payload = intact(l);
    if (payload === undefined) throw new JournalError(`${where(file, l)} of the snapshot is damaged (checksum mismatch or cut short); ${RESTORE}`);
    if (end !== undefined) throw new JournalError(`${where(file, l)} follows the snapshot's end marker; ${RESTORE}`);
    if (l.lineNo === 1) {
      const f = payload.split("\t");
      if (f[0] !== "S" || f[1] !== FORMAT || !/^\d+$/.test(f[2] ?? "")) throw new JournalError(`${file}: not a fedplane snapshot (format ${FORMAT}); ${RESTORE}`);
      gen = Number(f[2]);
    } else if (payload.startsWith("E\t")) {
      end = Number(payload.slice(2));
      if (end !== records) throw new JournalError(`${file}: the snapshot says it holds ${end} records but ${records} precede its end; ${RESTORE}`);
    } else {
      applyAt(file, l, payload, apply);
      records++;
    }
  }
  if (gen === undefined) throw new JournalError(`${file} is empty, but the data directory was initialised (${MARKER}): the snapshot was emptied; ${RESTORE}`);
  if (end === undefined) throw new JournalError(`${file}: the snapshot is incomplete (no end marker); ${RESTORE}`);
  return gen;
}

/** Whether a file starts with a format-2 header of that kind ("S" snapshot, "J" journal). */
function isFormat2(file: string, kind: "S" | "J"): boolean {
  const it = lines(file);
  try {
    const first = it.next();
    return !first.done && (intact(first.value)?.startsWith(`${kind}\t${FORMAT}\t`) ?? false);
  } finally {
    it.return(undefined);
  }
}

/**
 * A directory without the marker: written by fedplane before format 2 (or converted partly when a crash interrupted
 * the conversion). Each file is read in its own format; the caller converts the whole directory right after.
 * Returns the generation of a fresh format-2 journal to append to.
 */
function replayUnmarked(dir: string, hasSnapshot: boolean, gens: number[], apply: (r: JournalRecord) => void, warn: (m: string) => void): number {
  const snapshotPath = path.join(dir, SNAPSHOT);
  let gen = 0;
  if (hasSnapshot) gen = isFormat2(snapshotPath, "S") ? replaySnapshot(snapshotPath, apply) : replaySnapshot1(snapshotPath, apply);
  for (const g of gens) if (g < gen) fs.rmSync(path.join(dir, journalName(g)), { force: true });
  const live = gens.filter((g) => g >= gen);
  live.forEach((g, i) => {
    const file = path.join(dir, journalName(g));
    const isLast = i === live.length - 1;
    if (isFormat2(file, "J")) replayJournal(file, g, apply, isLast, warn);
    else replayJournal1(file, apply, isLast);
  });
  const next = (live.length ? live[live.length - 1] : gen) + 1;
  fs.closeSync(createJournalFile(dir, next));
  return next;
}

function replaySnapshot1(file: string, apply: (r: JournalRecord) => void): number {
  let gen: number | undefined;
  let complete = false;
  for (const l of lines(file)) {
    const text = l.bytes.toString("utf8");
    if (l.lineNo === 1) {
      const f = text.split("\t");
      if (f[0] !== "S" || f[1] !== "1" || !/^\d+$/.test(f[2] ?? "")) throw new JournalError(`${file}: not a fedplane snapshot; ${RESTORE}`);
      gen = Number(f[2]);
    } else if (text === "E" && l.complete && !complete) {
      complete = true;
    } else {
      if (complete || !l.complete) throw new JournalError(`${where(file, l)} is damaged; ${RESTORE}`);
      applyAt(file, l, text, apply);
    }
  }
  if (gen === undefined || !complete) throw new JournalError(`${file}: the snapshot is incomplete; ${RESTORE}`);
  return gen;
}

function replayJournal1(file: string, apply: (r: JournalRecord) => void, isLast: boolean): void {
  for (const l of lines(file)) {
    if (!l.complete) {
      if (!isLast) throw new JournalError(`${file}: ends in the middle of a line but a newer journal exists; ${RESTORE}`);
      fs.truncateSync(file, l.offset); // format 1 wrote each record with one write: a torn last one was never acknowledged
      return;
    }
    applyAt(file, l, l.bytes.toString("utf8"), apply);
  }
}

// ---- writing ----

/** Creates journal `gen` with its header, on disk (file and directory entry) before it is used. */
function createJournalFile(dir: string, gen: number): number {
  const file = path.join(dir, journalName(gen));
  const fd = fs.openSync(file, "a");
  if (fs.fstatSync(fd).size === 0) {
    fs.writeSync(fd, encodeLine(`J\t${FORMAT}\t${gen}`));
    fs.fdatasyncSync(fd);
    syncDirSync(dir);
  }
  return fd;
}

/** Returns the snapshot's size in bytes. */
async function writeSnapshot(dir: string, gen: number, source: SnapshotSource): Promise<number> {
  const tmp = path.join(dir, `${SNAPSHOT}.tmp`);
  const fh = await fs.promises.open(tmp, "w");
  let size = 0;
  let records = 0;
  const parts: Buffer[] = [];
  let pending = 0;
  const flush = async () => {
    const buf = Buffer.concat(parts);
    parts.length = 0;
    pending = 0;
    await fh.writeFile(buf); // writes all of it, from the current position
    size += buf.length;
  };
  const add = async (payload: string) => {
    const line = encodeLine(payload);
    parts.push(line);
    pending += line.length;
    if (pending >= 1 << 20) await flush();
  };
  try {
    await add(`S\t${FORMAT}\t${gen}`);
    for (const c of source.clusters) {
      await add(formatPayload({ op: "C", cluster: c.name, rv: c.rv }));
      records++;
      for (const [typeKey, json] of c.objects) {
        await add(formatPayload({ op: "P", cluster: c.name, typeKey, json }));
        records++;
      }
    }
    await add(`E\t${records}`);
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, path.join(dir, SNAPSHOT));
  syncDirSync(dir);
  return size;
}

/** Writes a small file whole and durably (content, then the directory entry). */
function writeDurably(dir: string, name: string, content: string | Buffer): void {
  const fd = fs.openSync(path.join(dir, name), "w");
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirSync(dir);
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirSync(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
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

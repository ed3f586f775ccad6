import { fork, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const LOADER = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tools", "swc-loader", "register.mjs");

type Handlers = Record<string, (payload: any) => Promise<unknown> | unknown>;
type Call = { id: number; type: string; payload: unknown };
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/**
 * A helper process (load generator, WebSocket clients), so what it costs does not land on the event loop of the
 * server being measured. Calls are request/response over IPC.
 */
export class Worker<H extends Handlers> {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(file: string, name: string) {
    this.child = fork(file, [], { execArgv: ["--import", LOADER, "--enable-source-maps"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new Error(`${name}: ${reply.error}`));
    });
    this.child.on("exit", (code, signal) => {
      this.exited = new Error(`${name} exited (${signal ?? `code ${code}`})`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<K extends keyof H & string>(type: K, payload?: Parameters<H[K]>[0]): Promise<Awaited<ReturnType<H[K]>>> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, type, payload } satisfies Call);
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL if it lingers). */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  }
}

/** The worker side: answers calls with the handlers; exits when the parent goes away. */
export function serveWorker(handlers: Handlers): void {
  process.on("message", async (call: Call) => {
    let reply: Reply;
    try {
      const handler = handlers[call.type];
      if (!handler) throw new Error(`unknown call ${call.type}`);
      reply = { id: call.id, ok: true, result: await handler(call.payload) };
    } catch (e) {
      reply = { id: call.id, ok: false, error: (e as Error)?.message ?? String(e) };
    }
    process.send!(reply);
  });
  process.on("disconnect", () => process.exit(0));
}

import { silentLogger, type Logger } from "../app/logger.js";
import { errorMessage } from "../cluster/errors.js";
import type { Runnable } from "./runnable.js";

export interface ManagerOptions {
  /**
   * false (the default): this process is the leader from start() on. true: runnables added with leaderOnly wait for
   * elected(), and lostLeadership() stops them (the caller runs the election, e.g. a Lease).
   */
  leaderElection?: boolean;
  logger?: Logger;
}

interface Entry {
  runnable: Runnable;
  leaderOnly: boolean;
}

/**
 * Runs runnables (controller-runtime's Manager): start() starts them in the order they were added, stop() stops
 * what runs in reverse order. Runnables marked leaderOnly run only while this process leads. Start, stop and
 * leadership changes are done one at a time, in the order they were asked for.
 */
export class Manager {
  private readonly entries: Entry[] = [];
  /** What runs, in the order it was started. */
  private readonly started: Entry[] = [];
  private readonly log: Logger;
  private state: "new" | "running" | "stopped" = "new";
  private isLeader = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ManagerOptions = {}) {
    this.log = (options.logger ?? silentLogger).child({ component: "manager" });
  }

  get leading(): boolean {
    return this.isLeader;
  }

  /** Adds a runnable; added to a running manager, it starts at once (a leaderOnly one if this process leads). */
  add(runnable: Runnable, options: { leaderOnly?: boolean } = {}): Promise<void> {
    const entry: Entry = { runnable, leaderOnly: options.leaderOnly ?? false };
    this.entries.push(entry);
    return this.serially(async () => {
      if (this.state === "running" && (!entry.leaderOnly || this.isLeader)) await this.startEntries([entry], async () => {});
    });
  }

  /** Starts every runnable (the leaderOnly ones too unless leaderElection is on). A failure stops what started. */
  start(): Promise<void> {
    return this.serially(async () => {
      if (this.state !== "new") return;
      this.state = "running";
      if (!this.options.leaderElection) this.isLeader = true;
      await this.startEntries(
        this.entries.filter((e) => !e.leaderOnly || this.isLeader),
        async () => {
          this.state = "stopped";
          this.isLeader = false;
          await this.stopEntries(() => true);
        },
      );
    });
  }

  /** This process now leads: the leaderOnly runnables start, in order. */
  elected(): Promise<void> {
    return this.serially(async () => {
      if (this.state !== "running" || this.isLeader) return;
      this.isLeader = true;
      this.log.info("elected leader; starting leader-only runnables");
      await this.startEntries(
        this.entries.filter((e) => e.leaderOnly),
        async () => {
          this.isLeader = false;
          await this.stopEntries((e) => e.leaderOnly);
        },
      );
    });
  }

  /** This process no longer leads: the leaderOnly runnables stop at once, in reverse order. */
  lostLeadership(): Promise<void> {
    return this.serially(async () => {
      if (!this.isLeader) return;
      this.isLeader = false;
      this.log.warn("lost leadership; stopping leader-only runnables");
      await this.stopEntries((e) => e.leaderOnly);
    });
  }

  /** Stops every runnable that runs, in reverse start order; a failure is logged and the rest still stop. */
  stop(): Promise<void> {
    return this.serially(async () => {
      if (this.state === "stopped") return;
      this.state = "stopped";
      this.isLeader = false;
      await this.stopEntries(() => true);
    });
  }

  private serially(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op);
    this.queue = next.catch(() => {});
    return next;
  }

  /** Starts entries in order; when one fails, `undo` stops what this step started and the failure is rethrown. */
  private async startEntries(entries: Entry[], undo: () => Promise<void>): Promise<void> {
    for (const entry of entries) {
      try {
        await entry.runnable.start();
      } catch (e) {
        this.log.error(`starting the ${entry.runnable.name} failed`, { error: errorMessage(e) });
        await undo();
        throw e;
      }
      this.started.push(entry);
    }
  }

  private async stopEntries(which: (e: Entry) => boolean): Promise<void> {
    for (const entry of [...this.started].reverse()) {
      if (!which(entry)) continue;
      this.started.splice(this.started.indexOf(entry), 1);
      try {
        await entry.runnable.stop();
      } catch (e) {
        this.log.error(`stopping the ${entry.runnable.name} failed`, { error: errorMessage(e) });
      }
    }
  }
}

/** Something the Manager starts and stops: a controller, a cache, a server. */
export interface Runnable {
  /** For log lines ("stopping the <name> failed"). */
  readonly name: string;
  /** Resolves once running (not when done, unlike Go's Start(ctx)). May be called again after stop(). */
  start(): void | Promise<void>;
  /** Resolves once nothing of it runs any more. */
  stop(): void | Promise<void>;
}

import type { WatchHandle } from "./client.js";

/** A watch given a signal (WatchOptions.signal) ends when it fires, as stop() does: onClose is not called. */
export function stopOnAbort(handle: WatchHandle, signal: AbortSignal | undefined): WatchHandle {
  if (!signal) return handle;
  const onAbort = () => handle.stop();
  if (signal.aborted) {
    handle.stop();
    return handle;
  }
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    stop: () => {
      signal.removeEventListener("abort", onAbort);
      handle.stop();
    },
  };
}

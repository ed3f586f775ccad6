/** "4m12s", "38s", "1.2s": durations as people read them in progress lines. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

export const formatMiB = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MiB`;

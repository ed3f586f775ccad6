/**
 * Resolves on the first SIGINT or SIGTERM. A later signal forces the exit, but not one arriving within a moment of the
 * first: under `npm start` a Ctrl-C reaches fedplane twice (from the terminal and forwarded by npm).
 */
export function untilSignal(onForce: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: number | undefined;
    const handler = (signal: NodeJS.Signals) => {
      if (first === undefined) {
        first = Date.now();
        resolve(signal);
      } else if (Date.now() - first > 1_000) {
        onForce(signal);
      }
    };
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
  });
}

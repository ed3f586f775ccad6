/** The values at each property path of a message, joined by "|": how received messages are matched to what was sent. */
export function keyOf(message: unknown, paths: readonly (readonly string[])[]): string {
  return paths
    .map((path) => {
      let v: any = message;
      for (const p of path) v = v?.[p];
      return String(v);
    })
    .join("|");
}

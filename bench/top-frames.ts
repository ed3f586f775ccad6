import { readFileSync } from "node:fs";
import { relative } from "node:path";

/**
 * `node --import ./tools/swc-loader/register.mjs bench/top-frames.ts <file.cpuprofile> [count]`: the hottest functions of
 * a V8 CPU profile (from `npm run bench -- --profile`), by self time and by total time (self + callees).
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: bench/top-frames.ts <file.cpuprofile> [count]");
  process.exit(2);
}
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; startTime: number; endTime: number };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const totalHits = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
const ms = (hits: number) => (hits / totalHits) * ((profile.endTime - profile.startTime) / 1000);

const label = (n: Node) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
const walk = (node: Node, onStack: Set<string>): number => {
  let hits = node.hitCount;
  const key = label(node);
  self.set(key, (self.get(key) ?? 0) + node.hitCount);
  const first = !onStack.has(key);
  if (first) onStack.add(key);
  for (const child of node.children ?? []) hits += walk(byId.get(child)!, onStack);
  if (first) {
    onStack.delete(key);
    total.set(key, (total.get(key) ?? 0) + hits);
  }
  return hits;
};
walk(profile.nodes[0], new Set());

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${ms(hits).toFixed(0).padStart(7)} ms ${((hits / totalHits) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
};
console.log(`${file}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled`);
print("self time", self);
print("total time (self + callees)", total);

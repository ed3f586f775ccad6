/**
 * A unified diff of two texts (diff -u, 3 lines of context), by longest common subsequence of lines: placed objects
 * are small YAML documents, so the quadratic table is cheap.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  const a = before ? before.replace(/\n$/, "").split("\n") : [];
  const b = after ? after.replace(/\n$/, "").split("\n") : [];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: " " | "-" | "+"; line: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: " ", line: a[i], ai: i++, bi: j++ });
    // Removals before additions, as diff -u prints a changed line.
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: "-", line: a[i], ai: i++, bi: j });
    else ops.push({ op: "+", line: b[j], ai: i, bi: j++ });
  }
  if (ops.every((o) => o.op === " ")) return "";
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  const CONTEXT = 3;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === " ") {
      k++;
      continue;
    }
    let start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend the hunk while changes are within 2*CONTEXT lines of each other.
    for (let m = k; m < ops.length; m++) {
      if (ops[m].op !== " ") end = m;
      else if (m - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.op !== "+").length;
    const bCount = hunk.filter((o) => o.op !== "-").length;
    const aStart = aCount ? hunk[0].ai + 1 : hunk[0].ai;
    const bStart = bCount ? hunk[0].bi + 1 : hunk[0].bi;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...hunk.map((o) => `${o.op}${o.line}`));
    k = stop;
    start = stop;
  }
  return `${out.join("\n")}\n`;
}

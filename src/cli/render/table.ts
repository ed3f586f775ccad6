import { stripVTControlCharacters } from "node:util";

const width = (text: string) => stripVTControlCharacters(text).length;

/** kubectl-style columns: a header row, values padded to the widest cell (colours not counted), three spaces apart. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i] - width(c))))
      .join("   ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** "5s", "3m", "2h", "4d" since an ISO time, as kubectl's AGE column. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "<unknown>";
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

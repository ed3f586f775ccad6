import type { ComponentChildren } from "preact";
import { useViewport, visibleRange } from "./virtual";

/** A scrolling list of fixed-height rows that renders only the visible ones. */
export function VirtualRows<T>({ items, rowHeight, maxHeight, header, row }: {
  items: readonly T[];
  rowHeight: number;
  maxHeight: number;
  header?: ComponentChildren;
  row(item: T, index: number): ComponentChildren;
}) {
  const [ref, vp] = useViewport<HTMLDivElement>();
  const [start, end] = visibleRange(vp.top, vp.height, rowHeight, items.length);
  return (
    <div class="vrows" ref={ref} style={{ maxHeight: `${maxHeight}px` }}>
      {header}
      <div style={{ height: `${items.length * rowHeight}px`, position: "relative" }}>
        {items.slice(start, end).map((item, i) => (
          <div class="vrow" key={start + i} style={{ top: `${(start + i) * rowHeight}px`, height: `${rowHeight}px` }}>
            {row(item, start + i)}
          </div>
        ))}
      </div>
    </div>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";

export interface Viewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * The scroll position and size of a scrolling element, for rendering only what is visible (1,000 clusters x 100
 * resources is 100,000 cells; a few hundred are on screen).
 */
export function useViewport<E extends HTMLElement>(): [{ current: E | null }, Viewport] {
  const ref = useRef<E>(null);
  const [vp, setVp] = useState<Viewport>({ top: 0, left: 0, width: 1200, height: 800 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setVp({ top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", schedule, { passive: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(el);
    return () => {
      el.removeEventListener("scroll", schedule);
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  return [ref, vp];
}

/** The index range [start, end) of fixed-size items visible in [offset, offset + size), with some overscan. */
export function visibleRange(offset: number, size: number, itemSize: number, count: number, overscan = 4): [number, number] {
  const start = Math.max(0, Math.floor(offset / itemSize) - overscan);
  const end = Math.min(count, Math.ceil((offset + size) / itemSize) + overscan);
  return [start, Math.max(start, end)];
}

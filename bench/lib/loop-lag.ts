import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { summarize, type Summary } from "./stats.js";

/** Event-loop delay of this process between start() and stop(), at 1 ms resolution (perf_hooks histogram). */
export class LoopLag {
  private histogram: IntervalHistogram | undefined;

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 1 });
    this.histogram.enable();
  }

  /** Median / p90 / p99 / max in ms. */
  stop(): Summary {
    const h = this.histogram;
    if (!h) throw new Error("LoopLag.stop() before start()");
    h.disable();
    const ms = (ns: number) => ns / 1e6;
    const s = h.count > 0
      ? { n: h.count, median: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max), min: ms(h.min), mean: ms(h.mean) }
      : summarize([0]);
    this.histogram = undefined;
    return s;
  }
}

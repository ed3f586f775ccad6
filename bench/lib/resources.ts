/** CPU time and peak resident memory of this process over a phase: RSS sampled every 50 ms. */
export class ResourceMeter {
  private readonly cpu = process.cpuUsage();
  private peak = process.memoryUsage.rss();
  private readonly timer = setInterval(() => this.sample(), 50);

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  /** CPU seconds (user + system) and peak RSS in MiB since the meter was made. */
  stop(): { cpuSeconds: number; peakRssMiB: number } {
    clearInterval(this.timer);
    this.sample();
    const { user, system } = process.cpuUsage(this.cpu);
    return { cpuSeconds: (user + system) / 1e6, peakRssMiB: this.peak / 2 ** 20 };
  }
}

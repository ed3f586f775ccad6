import type { EmbeddedWorld } from "../../cluster/embedded/world.js";
import { errorMessage } from "../../cluster/errors.js";
import type { ClusterRegistry, RegisteredCluster } from "../../clusters/registry.js";
import type { Unsubscribe } from "../../federation/events.js";
import { GlooSimulator } from "./simulator.js";

/**
 * The sandbox's stand-in for Gloo in every embedded cluster of the embedded default (see ./simulator.ts): one
 * simulator per registered cluster that lives in the embedded world, including clusters registered later. The
 * simulators reach their clusters "from the inside", so a cluster made unreachable for fedplane keeps its Gloo.
 */
export class SimulatorFleet {
  private readonly simulators = new Map<string, GlooSimulator>();
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly world: EmbeddedWorld,
    private readonly registry: Pick<ClusterRegistry, "list" | "onEvent">,
    private readonly onError: (message: string) => void,
  ) {}

  /** Installs Gloo into each embedded cluster (once: an existing installation is left alone) and starts reporting. */
  async start(): Promise<void> {
    this.unsubscribe = this.registry.onEvent((e) => {
      if (e.type === "added") void this.add(e.cluster);
      if (e.type === "removed") this.remove(e.cluster.name);
    });
    await Promise.all(this.registry.list().map((c) => this.add(c)));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const name of [...this.simulators.keys()]) this.remove(name);
  }

  private async add(cluster: RegisteredCluster): Promise<void> {
    const name = cluster.name;
    // The admin cluster is registered as "local" whatever its embedded name; other members share their names.
    const embeddedName = cluster.local ? cluster.client?.name : name;
    if (!embeddedName || this.simulators.has(name) || !this.world.hasCluster(embeddedName)) return;
    const simulator = new GlooSimulator(this.world.client(embeddedName, { faults: false }), { clusterName: name, onError: this.onError });
    this.simulators.set(name, simulator);
    try {
      await simulator.install();
      if (this.simulators.get(name) === simulator) simulator.start();
    } catch (e) {
      this.onError(`installing the simulated Gloo into embedded cluster ${embeddedName} failed: ${errorMessage(e)}`);
    }
  }

  private remove(name: string): void {
    this.simulators.get(name)?.stop();
    this.simulators.delete(name);
  }
}

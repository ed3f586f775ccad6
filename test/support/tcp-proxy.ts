import net from "node:net";
import type { AddressInfo } from "node:net";

/** One forwarded connection: the client's socket and ours to the target. */
interface Link {
  client: net.Socket;
  upstream: net.Socket;
}

/**
 * A loopback TCP forwarder in front of a real server, to cut the network between a client and it: `setReachable(false)`
 * drops every open connection and stops listening (new connections are refused), `setReachable(true)` listens again
 * on the same port. `setHung(true)` is the nastier fault: connections stay open and new ones are accepted, but nothing
 * is forwarded either way (a member that accepts TCP and never answers, or a silently dead path); what was sent
 * meanwhile is held and delivered on `setHung(false)`, unless its sender hung up first. TLS passes through untouched,
 * so the client still verifies the real server.
 */
export class TcpProxy {
  private server: net.Server;
  private readonly links = new Set<Link>();
  private port = 0;
  private hung = false;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = this.newServer();
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target.host, target.port);
    await proxy.listen();
    return proxy;
  }

  /** host:port to dial instead of the target. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Open connections (each a client and its upstream). */
  get connections(): number {
    return this.links.size;
  }

  /** Bytes a hung proxy holds (received, not forwarded): proof that a request is on the wire. */
  get heldBytes(): number {
    let n = 0;
    for (const { client, upstream } of this.links) n += client.readableLength + upstream.readableLength;
    return n;
  }

  async setReachable(reachable: boolean): Promise<void> {
    if (reachable === this.server.listening) return;
    if (reachable) {
      this.server = this.newServer();
      await this.listen();
    } else {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const { client, upstream } of this.links) {
        client.destroy();
        upstream.destroy();
      }
      await closed;
    }
  }

  setHung(hung: boolean): void {
    if (hung === this.hung) return;
    this.hung = hung;
    for (const link of this.links) (hung ? stall : flow)(link);
  }

  async close(): Promise<void> {
    this.setHung(false);
    await this.setReachable(false);
  }

  private newServer(): net.Server {
    return net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      const link: Link = { client, upstream };
      this.links.add(link);
      // Either side going away ends the other at once: what a hung link held is dropped, never delivered late.
      for (const s of [client, upstream]) {
        s.on("close", () => {
          this.links.delete(link);
          client.destroy();
          upstream.destroy();
        });
        s.on("error", () => undefined); // followed by "close"
      }
      if (this.hung) stall(link);
      else flow(link);
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.port, "127.0.0.1", () => {
        this.server.off("error", reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}

function flow({ client, upstream }: Link): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

function stall({ client, upstream }: Link): void {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}

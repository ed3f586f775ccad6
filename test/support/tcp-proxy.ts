import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A loopback TCP forwarder in front of a real server, to cut the network between a client and it: `setReachable(false)`
 * drops every open connection and stops listening (new connections are refused), `setReachable(true)` listens again
 * on the same port. TLS passes through untouched, so the client still verifies the real server.
 */
export class TcpProxy {
  private server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

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

  async setReachable(reachable: boolean): Promise<void> {
    if (reachable === this.server.listening) return;
    if (reachable) {
      this.server = this.newServer();
      await this.listen();
    } else {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const s of this.sockets) s.destroy();
      await closed;
    }
  }

  async close(): Promise<void> {
    await this.setReachable(false);
  }

  private newServer(): net.Server {
    return net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
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

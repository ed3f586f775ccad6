import { createServer } from "node:net";

// Ports handed out by this process: the OS could hand the same free port to two callers before either binds it.
const handedOut = new Set<number>();

/** A loopback TCP port that was free a moment ago (callers retry on "address already in use"). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

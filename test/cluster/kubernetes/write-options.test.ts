import { describe, expect, it } from "vitest";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import { eventually } from "../../support/eventually.js";
import { stubServers, widgets } from "./stub-servers.js";

/** How the Kubernetes backend sends dryRun/fieldValidation, reads Warning headers and aborts; real servers: test/conformance/. */

const { clientFor, silentServer, scriptedServer } = stubServers();
const widget = { apiVersion: "test.fedplane.io/v1", kind: "Widget", metadata: { name: "a", namespace: "ns", resourceVersion: "3" } };

describe("Kubernetes write options", () => {
  it("sends dryRun=All and fieldValidation as query parameters of every write", async () => {
    const { port, requests } = await scriptedServer((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(widget));
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const options = { dryRun: true, fieldValidation: "Strict" } as const;
    await client.create(widgets, widget, options);
    await client.update(widgets, widget, options);
    await client.updateStatus(widgets, widget, options);
    await client.patch(widgets, "ns", "a", { spec: {} }, options);
    await client.delete(widgets, "ns", "a", { dryRun: true });
    await client.create(widgets, widget);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /apis/test.fedplane.io/v1/namespaces/ns/widgets?dryRun=All&fieldValidation=Strict",
      "PUT /apis/test.fedplane.io/v1/namespaces/ns/widgets/a?dryRun=All&fieldValidation=Strict",
      "PUT /apis/test.fedplane.io/v1/namespaces/ns/widgets/a/status?dryRun=All&fieldValidation=Strict",
      "PATCH /apis/test.fedplane.io/v1/namespaces/ns/widgets/a?dryRun=All&fieldValidation=Strict",
      "DELETE /apis/test.fedplane.io/v1/namespaces/ns/widgets/a?dryRun=All",
      "POST /apis/test.fedplane.io/v1/namespaces/ns/widgets",
    ]);
  });

  it("appends every Warning header's text to options.warnings, each header on its own", async () => {
    const { port } = await scriptedServer((res) => {
      res.setHeader("Warning", ['299 - "unknown field \\"spec.a\\""', '299 - "unknown field \\"spec.b\\", and more"']);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(widget));
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const warnings = ["earlier"];
    await client.create(widgets, widget, { warnings });
    expect(warnings).toEqual(["earlier", 'unknown field "spec.a"', 'unknown field "spec.b", and more']);
  });

  it("an abort while the server has not answered destroys the socket and rejects at once", async () => {
    const silent = await silentServer();
    const client = clientFor(`https://127.0.0.1:${silent.port}`, { requestTimeoutMs: 60_000 });
    const controller = new AbortController();
    const call = client.create(widgets, widget, { signal: controller.signal }).catch((e: unknown) => e);
    await eventually(() => expect(silent.sockets).toHaveLength(1));
    controller.abort();
    const err = await call;
    expect(err).toBeInstanceOf(ClusterConnectionError);
    expect((err as ClusterConnectionError).code).toBe("ABORT_ERR");
    expect((err as Error).message).toContain('POST /apis/test.fedplane.io/v1/namespaces/ns/widgets on cluster "stub"');
    await eventually(() => expect(silent.closed).toContain(silent.sockets[0]));
  });
});

import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/cluster/object.js";
import { PlacedObjects, type PlacedRef } from "../../src/federation/destination.js";
import { glooKinds } from "../../src/gloo/kinds.js";

const ref: PlacedRef = { cluster: "east", type: glooKinds.Upstream, namespace: "apps", name: "web" };
const OWNER = "gloo-system.web";
const upstream = (port: number, resourceVersion?: string): KubeObject => ({
  apiVersion: "gloo.solo.io/v1",
  kind: "Upstream",
  metadata: { name: "web", namespace: "apps", resourceVersion, labels: { "fed.solo.io/owner": OWNER }, annotations: { "fed.solo.io/owner": OWNER } },
  spec: { static: { hosts: [{ addr: "web", port }] } },
});

/** fedplane placed port 8080 (stored as resourceVersion 10), then is writing port 9090. */
function placedThenChanging() {
  const placed = new PlacedObjects();
  placed.expect(ref, OWNER, upstream(8080));
  placed.stored(ref, upstream(8080, "10"));
  placed.expect(ref, OWNER, upstream(9090));
  return placed;
}

describe("PlacedObjects: late watch events are not drift", () => {
  it("an event older than fedplane's last acknowledged write is superseded; a newer one is not", () => {
    const placed = new PlacedObjects();
    placed.expect(ref, OWNER, upstream(8080));
    placed.stored(ref, upstream(8080, "10"));
    expect(placed.superseded(ref, upstream(1, "9"))).toBe(true);
    expect(placed.superseded(ref, upstream(1, "10"))).toBe(false);
    expect(placed.superseded(ref, upstream(1, "11"))).toBe(false);
    expect(placed.superseded(ref, upstream(1, "100"))).toBe(false); // numeric, not string, order
  });

  it("knows nothing about resourceVersions that are not integers", () => {
    const placed = new PlacedObjects();
    placed.expect(ref, OWNER, upstream(8080));
    placed.stored(ref, upstream(8080, "b"));
    expect(placed.superseded(ref, upstream(8080, "a"))).toBe(false);
  });

  it("while a changed template is being written, the last written version is being replaced, not drifted", () => {
    const placed = placedThenChanging();
    const stillOld = upstream(8080, "11"); // e.g. Gloo wrote its status on the old version meanwhile
    expect(placed.inSync(ref, stillOld)).toBe(false);
    expect(placed.beingReplaced(ref, stillOld)).toBe(true);
    expect(placed.beingReplaced(ref, upstream(7070, "11"))).toBe(false); // someone else's change is drift
  });

  it("once the new version is written (or found in place), the old content is drift again", () => {
    const written = placedThenChanging();
    written.stored(ref, upstream(9090, "12"));
    expect(written.beingReplaced(ref, upstream(8080, "13"))).toBe(false);
    expect(written.inSync(ref, upstream(8080, "13"))).toBe(false);
    expect(written.superseded(ref, upstream(8080, "11"))).toBe(true);

    const found = placedThenChanging();
    found.confirmed(ref, upstream(9090, "12"));
    expect(found.beingReplaced(ref, upstream(8080, "13"))).toBe(false);
    expect(found.superseded(ref, upstream(8080, "11"))).toBe(true);
  });

  it("an object taken over by another owner starts without history", () => {
    const placed = new PlacedObjects();
    placed.expect(ref, OWNER, upstream(8080));
    placed.stored(ref, upstream(8080, "10"));
    placed.expect(ref, "gloo-system.other", upstream(9090));
    expect(placed.superseded(ref, upstream(8080, "9"))).toBe(false);
    expect(placed.beingReplaced(ref, upstream(8080, "11"))).toBe(false);
  });
});

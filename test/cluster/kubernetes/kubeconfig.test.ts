import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ApiError } from "../../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../../src/cluster/kubernetes/client.js";

const TOKEN = "s3cr3t-token-DO-NOT-LEAK";
const KEY = Buffer.from("-----BEGIN EC PRIVATE KEY-----\nDO-NOT-LEAK-KEY\n").toString("base64");

function kubeconfig(overrides: { user?: object; cluster?: object; current?: string | null; extra?: object } = {}): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "east", cluster: { server: "https://10.1.2.3:6443", ...overrides.cluster } }],
    users: [{ name: "fed", user: overrides.user ?? { token: TOKEN } }],
    contexts: [{ name: "east-ctx", context: { cluster: "east", user: "fed" } }],
    ...(overrides.current === null ? {} : { "current-context": overrides.current ?? "east-ctx" }),
    ...overrides.extra,
  });
}

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain("DO-NOT-LEAK");
    return err;
  }
  throw new Error("expected a failure");
}

const fromText = (text: string, context?: string) => KubernetesClusterClient.fromKubeconfigText("east", text, { context, origin: "Secret gloo-system/east" });

describe("kubeconfig text (as held by a solo.io/kubeconfig Secret)", () => {
  it("connects with an inline token", async () => {
    const client = fromText(kubeconfig());
    expect(client.name).toBe("east");
    expect(client.server).toBe("https://10.1.2.3:6443");
    await client.close();
  });

  it("reports YAML errors by position without quoting the text", () => {
    const err = failure(() => fromText(`users:\n- name: fed\n  user: {token: ${TOKEN}\n`));
    expect(err.reason).toBe("Invalid");
    expect(err.message).toMatch(/Secret gloo-system\/east.*not valid YAML .* line \d+/);
  });

  it("names the missing current-context and the contexts there are", () => {
    const err = failure(() => fromText(kubeconfig({ current: null })));
    expect(err.message).toContain('has no current-context; set current-context to one of the contexts ("east-ctx")');
  });

  it("names an unknown context", () => {
    expect(failure(() => fromText(kubeconfig(), "west")).message).toContain('context "west" is not in contexts');
  });

  it("names a context's missing cluster", () => {
    const text = kubeconfig({ extra: { contexts: [{ name: "east-ctx", context: { cluster: "gone", user: "fed" } }] } });
    expect(failure(() => fromText(text)).message).toContain('refers to cluster "gone", which is not in clusters (has "east")');
  });

  it("refuses exec plugins, which would run commands on the fedplane server", () => {
    const err = failure(() => fromText(kubeconfig({ user: { exec: { command: "aws", args: ["eks", "get-token", TOKEN] } } })));
    expect(err.message).toContain("exec credential plugins are not supported");
  });

  it("refuses file references, which would read the fedplane server's files", () => {
    expect(failure(() => fromText(kubeconfig({ user: { "token-file": "/etc/shadow" } }))).message).toContain("token-file");
    expect(failure(() => fromText(kubeconfig({ cluster: { "certificate-authority": "/tmp/ca.crt" } }))).message).toContain(
      "inline it as certificate-authority-data",
    );
  });

  it("refuses a user without credentials and a client certificate without its key", () => {
    expect(failure(() => fromText(kubeconfig({ user: {} }))).message).toContain('user "fed" has no credentials');
    expect(failure(() => fromText(kubeconfig({ user: { "client-key-data": KEY } }))).message).toContain("key without a certificate");
  });

  it("refuses certificates and keys that are not base64 PEM, naming the field, not the content", () => {
    const notPem = Buffer.from("-----BEGIN CERTIFICATE-----\nDO-NOT-LEAK\n-----END CERTIFICATE-----\n").toString("base64");
    expect(failure(() => fromText(kubeconfig({ cluster: { "certificate-authority-data": notPem } }))).message).toContain(
      "clusters[0].cluster: certificate-authority-data is not a base64-encoded PEM certificate",
    );
    const err = failure(() => fromText(kubeconfig({ user: { "client-certificate-data": notPem, "client-key-data": KEY } })));
    expect(err.message).toContain('user "fed": client-certificate-data is not a base64-encoded PEM certificate');
  });

  it("refuses credentials in the server URL without echoing them", () => {
    const err = failure(() => fromText(kubeconfig({ cluster: { server: `https://admin:${TOKEN}@10.1.2.3:6443` } })));
    expect(err.message).toContain("must not carry credentials");
  });

  it("refuses plain http unless TLS verification is knowingly off", () => {
    expect(failure(() => fromText(kubeconfig({ cluster: { server: "http://10.1.2.3:8080" } }))).message).toContain("plain http://");
    const client = fromText(kubeconfig({ cluster: { server: "http://10.1.2.3:8080", "insecure-skip-tls-verify": true } }));
    expect(client.server).toBe("http://10.1.2.3:8080");
  });
});

describe("other constructors", () => {
  it("loads a file with relative certificate paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fedplane-kc-"));
    writeFileSync(join(dir, "ca.crt"), "not really a cert");
    const file = join(dir, "config");
    writeFileSync(file, kubeconfig({ cluster: { "certificate-authority-data": undefined, "certificate-authority": "ca.crt" } }));
    const client = KubernetesClusterClient.fromFile("east", file);
    expect(client.server).toBe("https://10.1.2.3:6443");
    await client.close();
  });

  it("copies a caller's KubeConfig: switching their context later changes nothing", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(
      stringify({
        clusters: [
          { name: "a", cluster: { server: "https://10.0.0.1:6443" } },
          { name: "b", cluster: { server: "https://10.0.0.2:6443" } },
        ],
        users: [{ name: "u", user: { token: TOKEN } }],
        contexts: [
          { name: "a", context: { cluster: "a", user: "u" } },
          { name: "b", context: { cluster: "b", user: "u" } },
        ],
        "current-context": "a",
      }),
    );
    const a = KubernetesClusterClient.fromKubeConfig("a", kc);
    const b = KubernetesClusterClient.fromKubeConfig("b", kc, { context: "b" });
    kc.setCurrentContext("b");
    expect([a.server, b.server]).toEqual(["https://10.0.0.1:6443", "https://10.0.0.2:6443"]);
    await Promise.all([a.close(), b.close()]);
  });
});

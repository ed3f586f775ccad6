import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** File paths of one control plane's certificates and keys. */
export interface Pki {
  readonly caCert: string;
  readonly caKey: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPublicKey: string;
}

/** Names a client may use for the API server: loopback, plus the in-cluster names real clusters serve. */
const SERVING_NAMES = [
  "IP:127.0.0.1",
  "IP:10.0.0.1",
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  "DNS:kubernetes.default.svc.cluster.local",
];

/** The first address of this range is the `kubernetes` Service's ClusterIP, 10.0.0.1 above. */
export const SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/24";

// Our own config so the machine's openssl.cnf (which differs across distributions) plays no part.
const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[serving]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${SERVING_NAMES.join(", ")}
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * A fresh CA, the API server's serving certificate, an admin client certificate (O=system:masters, so RBAC lets it do
 * everything) and the service-account token signing key pair, written into `dir`. Uses the openssl CLI because
 * node:crypto cannot issue X.509 certificates.
 */
export async function createPki(dir: string, clusterName: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  const file = (name: string): string => join(dir, name);
  const config = file("openssl.cnf");
  writeFileSync(config, OPENSSL_CONFIG);
  const pki: Pki = {
    caCert: file("ca.crt"),
    caKey: file("ca.key"),
    servingCert: file("apiserver.crt"),
    servingKey: file("apiserver.key"),
    adminCert: file("admin.crt"),
    adminKey: file("admin.key"),
    serviceAccountKey: file("service-account.key"),
    serviceAccountPublicKey: file("service-account.pub"),
  };

  await openssl(["req", "-x509", "-config", config, "-extensions", "ca", ...EC_KEY, "-keyout", pki.caKey, "-out", pki.caCert,
    "-days", "3650", "-subj", `/CN=fedplane-${clusterName}-ca`]);
  const issue = async (cert: string, key: string, subject: string, extensions: string): Promise<void> => {
    const csr = `${cert}.csr`;
    await openssl(["req", "-new", "-config", config, ...EC_KEY, "-keyout", key, "-out", csr, "-subj", subject]);
    await openssl(["x509", "-req", "-in", csr, "-CA", pki.caCert, "-CAkey", pki.caKey, "-set_serial", `0x${randomBytes(8).toString("hex")}`,
      "-days", "365", "-extfile", config, "-extensions", extensions, "-out", cert]);
  };
  await issue(pki.servingCert, pki.servingKey, "/CN=kube-apiserver", "serving");
  await issue(pki.adminCert, pki.adminKey, "/O=system:masters/CN=fedplane-admin", "client");

  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(pki.serviceAccountKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(pki.serviceAccountPublicKey, publicKey.export({ type: "spki", format: "pem" }));
  return pki;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === "ENOENT") {
      throw new Error("openssl is not installed: control planes need it for their certificates (e.g. `apt-get install openssl`)");
    }
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.trim() || err.message}`);
  }
}

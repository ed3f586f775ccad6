import type { ClusterClient } from "../cluster/client.js";
import { ApiError } from "../cluster/errors.js";
import type { EmbeddedMembers } from "./embedded-members.js";
import { removeRegistration, validateClusterName, writeRegistration } from "./registration.js";

export interface RegisterInput {
  name: string;
  labels?: Record<string, string>;
  /** A real cluster: the kubeconfig fedplane uses (a ServiceAccount token, as `fedplane cluster register` makes). */
  kubeconfig?: string;
  clusterDomain?: string;
  /** When the kubeconfig's token expires (TokenRequest tokens), recorded on its Secret. */
  tokenExpiresAt?: string;
  /** Embedded clusters: namespaces to create. */
  namespaces?: string[];
}

/**
 * Registration as the API offers it: with a kubeconfig, the admin half of `glooctl cluster register` (the
 * solo.io/kubeconfig Secret and the KubernetesCluster; the CLI did the remote half with the user's credentials);
 * without one, in the embedded default, a new embedded cluster. Deregistering waits until fedplane has removed what
 * it placed in the cluster (the registry's finalizer), then drops the credentials.
 */
export class Registrations {
  constructor(
    private readonly admin: ClusterClient,
    private readonly federationNamespace: string,
    /** Checks a kubeconfig by building a client from it (no request is made); throws what is wrong with it. */
    private readonly connect: (name: string, kubeconfig: string) => ClusterClient,
    private readonly embedded?: EmbeddedMembers,
    private readonly isEmbedded: (name: string) => boolean = () => false,
  ) {}

  async register(input: RegisterInput): Promise<void> {
    validateClusterName(input.name);
    if (input.kubeconfig !== undefined) {
      await this.connect(input.name, input.kubeconfig).close();
      await writeRegistration(this.admin, {
        cluster: input.name,
        federationNamespace: this.federationNamespace,
        kubeconfig: input.kubeconfig,
        clusterLabels: input.labels,
        clusterDomain: input.clusterDomain,
        tokenExpiresAt: input.tokenExpiresAt,
      });
      return;
    }
    if (!this.embedded) {
      throw new ApiError(
        "Invalid",
        `this server's admin cluster is a real one: register a real cluster with \`fedplane cluster register --cluster-name ${input.name} --remote-context <context>\``,
      );
    }
    await this.embedded.register(input.name, { labels: input.labels, namespaces: input.namespaces });
  }

  async deregister(name: string): Promise<void> {
    validateClusterName(name);
    if (this.embedded && this.isEmbedded(name)) return this.embedded.deregister(name);
    await removeRegistration(this.admin, { cluster: name, federationNamespace: this.federationNamespace, waitMs: 120_000 });
  }
}

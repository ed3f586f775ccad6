import https from "node:https";
import { CustomObjectsApi, KubeConfig, type RequestContext } from "@kubernetes/client-node";
import { apiVersionOf, type ResourceType } from "../../src/cluster/resource-type.js";
import type { KubeObject } from "../../src/cluster/object.js";

/**
 * client-node 1.4 makes a new https.Agent, so a new TLS connection, for every request. The same KubeConfig with one
 * kept-alive agent reused by every request: what any long-running client does, and the fair floor for fedplane.
 */
class KeepAliveKubeConfig extends KubeConfig {
  private agent: https.Agent | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent() as https.Agent | undefined;
    if (!fresh) return;
    this.agent ??= new https.Agent({ ...fresh.options, keepAlive: true, maxSockets: 64 });
    context.setAgent(this.agent);
  }
}

/** Direct writes with @kubernetes/client-node to one API server: the least the same work needs, without fedplane. */
export class ClientNodeWriter {
  private readonly api: CustomObjectsApi;

  constructor(
    kubeconfigPath: string,
    readonly keepAlive: boolean,
  ) {
    const kc = keepAlive ? new KeepAliveKubeConfig() : new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  async create(type: ResourceType, obj: KubeObject): Promise<KubeObject> {
    const body = { ...obj, apiVersion: apiVersionOf(type), kind: type.kind };
    return (await this.api.createNamespacedCustomObject({
      group: type.group,
      version: type.version,
      namespace: obj.metadata.namespace!,
      plural: type.plural,
      body,
    })) as KubeObject;
  }

  /** Writes status through the status subresource (obj carries the resourceVersion from create). */
  async writeStatus(type: ResourceType, obj: KubeObject): Promise<KubeObject> {
    return (await this.api.replaceNamespacedCustomObjectStatus({
      group: type.group,
      version: type.version,
      namespace: obj.metadata.namespace!,
      plural: type.plural,
      name: obj.metadata.name,
      body: obj,
    })) as KubeObject;
  }
}

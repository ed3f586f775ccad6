import { Field, ObjectType } from "type-graphql";
import type { ClusterEvent as RegistryEvent, RegisteredCluster } from "../../clusters/registry.js";
import { WatchEventType } from "../enums.js";
import { StringMapScalar } from "../scalars.js";

@ObjectType({ description: "What a KubernetesCluster's status says (written by fedplane, as Gloo Federation does)." })
export class RegistrationStatus {
  @Field({ description: "PENDING, PROCESSING, INVALID, FAILED or ACCEPTED." })
  state!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => String, { nullable: true })
  processingTime!: string | null;
}

@ObjectType({ description: "A registered member cluster." })
export class Cluster {
  @Field()
  name!: string;

  @Field(() => StringMapScalar, { description: "The KubernetesCluster's labels, used by placement clusterSelectors." })
  labels!: Record<string, string>;

  @Field({ description: 'The admin cluster itself, registered as "local".' })
  local!: boolean;

  @Field({ description: "The last connection probe succeeded and fedplane has credentials for it." })
  ready!: boolean;

  @Field(() => String, { nullable: true })
  kubernetesVersion!: string | null;

  @Field(() => String, { nullable: true, description: "Why the cluster is not ready: unusable credentials or the last probe's error." })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: "RFC 3339; null until the first probe answered." })
  lastProbeTime!: string | null;

  @Field(() => RegistrationStatus, { nullable: true, description: "Null for the local cluster, which has no KubernetesCluster." })
  registration!: RegistrationStatus | null;
}

@ObjectType()
export class ClusterStatusEvent {
  @Field(() => WatchEventType, { description: "ADDED when registered, MODIFIED on any change, DELETED when deregistered." })
  type!: WatchEventType;

  @Field(() => [String], { description: "For MODIFIED: what changed (labels, client, readiness, connection)." })
  changes!: string[];

  @Field(() => Cluster)
  cluster!: Cluster;
}

export function cluster(c: RegisteredCluster): Cluster {
  const conditions = c.record?.status?.status ?? [];
  const latest = conditions[conditions.length - 1];
  return Object.assign(new Cluster(), {
    name: c.name,
    labels: { ...c.labels },
    local: c.local,
    ready: c.client !== undefined && c.connection.ready,
    kubernetesVersion: c.connection.kubernetesVersion ?? null,
    lastError: c.credentialError ?? (c.connection.ready ? null : (c.connection.lastError ?? null)),
    lastProbeTime: c.connection.lastProbeTime ?? null,
    registration: latest
      ? Object.assign(new RegistrationStatus(), { state: latest.state, message: latest.message || null, processingTime: latest.processingTime ?? null })
      : null,
  });
}

const eventTypes = { added: WatchEventType.ADDED, changed: WatchEventType.MODIFIED, removed: WatchEventType.DELETED } as const;

export function clusterStatusEvent(e: RegistryEvent): ClusterStatusEvent {
  return Object.assign(new ClusterStatusEvent(), {
    type: eventTypes[e.type],
    changes: e.type === "changed" ? e.changes : [],
    cluster: cluster(e.cluster),
  });
}

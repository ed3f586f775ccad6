import type { ClusterClient } from "../cluster/client.js";
import { Informer } from "../cluster/informer.js";
import type { Decision, ResourceAttributes, Authorizer } from "./attributes.js";
import type { Identity } from "./identity.js";
import { evaluateRbac, rbacTypes, type BindingObject, type RbacObjects, type RoleObject } from "./rbac.js";

/**
 * The embedded admin cluster's Roles, ClusterRoles and bindings, from watch caches, and Kubernetes RBAC evaluated over
 * them: a change (a binding deleted, a rule narrowed) counts from the next question on.
 */
export class RbacAuthorizer implements Authorizer {
  private readonly roles: Informer<RoleObject>;
  private readonly clusterRoles: Informer<RoleObject>;
  private readonly roleBindings: Informer<BindingObject>;
  private readonly clusterRoleBindings: Informer<BindingObject>;
  private readonly objects: RbacObjects;

  constructor(admin: ClusterClient, onError: (message: string, error: unknown) => void) {
    const options = { onHandlerError: (e: unknown) => onError("RBAC cache handler failed", e) };
    this.roles = new Informer<RoleObject>(admin, rbacTypes.Role, options);
    this.clusterRoles = new Informer<RoleObject>(admin, rbacTypes.ClusterRole, options);
    this.roleBindings = new Informer<BindingObject>(admin, rbacTypes.RoleBinding, options);
    this.clusterRoleBindings = new Informer<BindingObject>(admin, rbacTypes.ClusterRoleBinding, options);
    const inNamespace = <T extends RoleObject | BindingObject>(informer: Informer<T>, namespace: string) =>
      informer.list().filter((o) => o.metadata.namespace === namespace);
    this.objects = {
      role: (namespace, name) => this.roles.get(namespace, name),
      clusterRole: (name) => this.clusterRoles.get(undefined, name),
      roleBindings: (namespace) => inNamespace(this.roleBindings, namespace),
      clusterRoleBindings: () => this.clusterRoleBindings.list(),
    };
  }

  private get informers() {
    return [this.roles, this.clusterRoles, this.roleBindings, this.clusterRoleBindings];
  }

  async start(): Promise<void> {
    for (const i of this.informers) i.start();
    await Promise.all(this.informers.map((i) => i.waitForSync({ timeoutMs: 30_000 })));
  }

  stop(): void {
    for (const i of this.informers) i.stop();
  }

  async authorize(identity: Identity, attributes: ResourceAttributes): Promise<Decision> {
    return evaluateRbac(this.objects, identity, attributes);
  }
}

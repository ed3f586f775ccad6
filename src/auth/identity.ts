/** Who is calling, as an authenticator vouched for it. Groups follow Kubernetes (system:masters, system:authenticated). */
export interface Identity {
  user: string;
  groups: string[];
  /** Kubernetes' user UID when the authenticator knows one. */
  uid?: string;
  /** Always true for a caller that got past authentication; false only for `anonymous` (internal use). */
  authenticated: boolean;
}

/** The identity of no one: used where code runs on its own behalf and in unit tests of resolvers. */
export const anonymous: Identity = Object.freeze({ user: "system:anonymous", groups: ["system:unauthenticated"], authenticated: false });

/** Every authenticated caller is in system:authenticated, as on a Kubernetes API server. */
export function authenticatedIdentity(user: string, groups: readonly string[], uid?: string): Identity {
  const all = [...new Set([...groups, "system:authenticated"])];
  return { user, groups: all, ...(uid ? { uid } : {}), authenticated: true };
}

/**
 * Who is calling. Every GraphQL request (HTTP and WebSocket) carries one in its context, so that authorization can be
 * added without touching resolvers.
 *
 * SEAM: `headerAuthenticator` is a stand-in that trusts the `X-Fedplane-User` / `X-Fedplane-Groups` headers (or the
 * same keys in graphql-ws connectionParams) and is only acceptable because the server binds 127.0.0.1 by default.
 * The real implementation will verify `Authorization: Bearer <token>` with a Kubernetes TokenReview against the admin
 * cluster and return the user and groups it reports; it plugs in as another `Authenticator`.
 */
export interface Identity {
  /** "anonymous" when the caller did not say. */
  user: string;
  groups: string[];
  /** True only when a verifier (e.g. TokenReview) vouched for the identity; the header stub never sets it. */
  authenticated: boolean;
}

export const anonymous: Identity = Object.freeze({ user: "anonymous", groups: [], authenticated: false });

/** Request metadata an authenticator may look at: HTTP headers, or graphql-ws connectionParams, lower-cased keys. */
export type Credentials = Record<string, string | undefined>;

export interface Authenticator {
  authenticate(credentials: Credentials): Promise<Identity>;
}

export const USER_HEADER = "x-fedplane-user";
export const GROUPS_HEADER = "x-fedplane-groups";

export const headerAuthenticator: Authenticator = {
  async authenticate(credentials) {
    const user = credentials[USER_HEADER]?.trim();
    if (!user) return anonymous;
    const groups = (credentials[GROUPS_HEADER] ?? "")
      .split(",")
      .map((g) => g.trim())
      .filter(Boolean);
    return { user, groups, authenticated: false };
  },
};

/** Lower-cases keys and keeps string values, for headers and connectionParams alike. */
export function credentialsFrom(source: Record<string, unknown> | undefined): Credentials {
  const out: Credentials = {};
  for (const [k, v] of Object.entries(source ?? {})) {
    if (typeof v === "string") out[k.toLowerCase()] = v;
    else if (Array.isArray(v) && typeof v[0] === "string") out[k.toLowerCase()] = v.join(",");
  }
  return out;
}

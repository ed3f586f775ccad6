import type { PeerCertificate } from "node:tls";
import type { Authenticator } from "./authenticator.js";
import { authenticatedIdentity, type Identity } from "./identity.js";

/**
 * TLS client certificates verified against --client-ca-file, read as kube-apiserver reads them: the subject's common
 * name is the user, each organization a group. The TLS layer has already verified the chain; an unverified
 * certificate never reaches here.
 */
export const clientCertificateAuthenticator: Authenticator = {
  async authenticate(request: { clientCertificate?: PeerCertificate }): Promise<Identity | undefined> {
    const subject = request.clientCertificate?.subject;
    const cn = subject?.CN;
    const user = Array.isArray(cn) ? cn[0] : cn;
    if (!user) return undefined;
    const o = subject?.O;
    const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
    return authenticatedIdentity(user, groups);
  },
};

import { readFileSync } from "node:fs";
import type { Authenticator } from "./authenticator.js";
import { tokenDigest } from "./authenticator.js";
import { invalidCredentials } from "./errors.js";
import { authenticatedIdentity, type Identity } from "./identity.js";

/**
 * Tokens known in advance: the embedded server's admin token and kube-apiserver's static token file
 * (`--token-auth-file`). Tokens are kept by digest, so the table holds no secret and lookups do not compare secrets.
 */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly byDigest = new Map<string, Identity>();

  constructor(entries: readonly { token: string; identity: Identity }[] = []) {
    for (const e of entries) this.byDigest.set(tokenDigest(e.token), e.identity);
  }

  async authenticate(request: { bearerToken?: string }): Promise<Identity | undefined> {
    if (request.bearerToken === undefined) return undefined;
    const identity = this.byDigest.get(tokenDigest(request.bearerToken));
    if (!identity) throw invalidCredentials();
    return identity;
  }
}

/**
 * kube-apiserver's static token file: one `token,user,uid[,"group1,group2"]` per line (CSV, the groups column quoted
 * when it holds commas); blank lines and lines starting with # are skipped. Errors name the file and line, never the token.
 */
export function parseTokenFile(text: string, file: string): { token: string; identity: Identity }[] {
  const out: { token: string; identity: Identity }[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const where = `${file} line ${i + 1}`;
    const fields = csvFields(line, where);
    if (fields.length < 3) throw new Error(`${where}: want token,user,uid[,"group1,group2"] (found ${fields.length} fields)`);
    const [token, user, uid, groups = ""] = fields;
    if (!token) throw new Error(`${where}: the token is empty`);
    if (!user) throw new Error(`${where}: the user name is empty`);
    if (seen.has(token)) throw new Error(`${where}: the same token is already on an earlier line`);
    seen.add(token);
    const groupList = groups.split(",").map((g) => g.trim()).filter(Boolean);
    out.push({ token, identity: authenticatedIdentity(user, groupList, uid || undefined) });
  });
  return out;
}

export function loadTokenFile(file: string): { token: string; identity: Identity }[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`--token-auth-file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseTokenFile(text, file);
}

function csvFields(line: string, where: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`${where}: a quoted field is not closed`);
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") throw new Error(`${where}: unexpected text after a quoted field`);
      i++;
    } else {
      const end = line.indexOf(",", i);
      const stop = end === -1 ? line.length : end;
      fields.push(line.slice(i, stop).trim());
      i = stop + 1;
    }
  }
  return fields;
}

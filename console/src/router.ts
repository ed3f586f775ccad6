import { useEffect, useState } from "preact/hooks";

export interface Route {
  /** e.g. ["resource", "FederatedUpstream", "gloo-system", "my-upstream"]; ["overview"] by default. */
  parts: string[];
  /** From "?a=b" after the path, e.g. #/matrix?state=failed. */
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts: parts.length ? parts : ["overview"], params: new URLSearchParams(query) };
}

/** Hash routes: #/overview, #/matrix, #/resource/KIND/namespace/name, #/apply, #/health. */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return parse(hash);
}

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join("/")}`;

export const resourceHref = (kind: string, namespace: string, name: string) => href("resource", kind, namespace, name);

/** Replaces the query of the current route without adding a history entry (filters). */
export function setParams(params: URLSearchParams): void {
  const [path] = location.hash.split("?", 1);
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${path}${query ? `?${query}` : ""}`);
  dispatchEvent(new HashChangeEvent("hashchange"));
}

import { type AdminApi, statusMessage } from "./api.js";
import { crdName, type Manifest } from "../crds/project-crds.js";
import { waitFor } from "./wait.js";

const CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

interface CrdStatus {
  metadata?: { resourceVersion?: string };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

/** Creates or replaces each CRD, then waits until every one is Established (served). */
export async function installCrds(api: AdminApi, crds: readonly Manifest[], timeoutMs: number): Promise<void> {
  for (const crd of crds) await apply(api, crd);
  for (const crd of crds) {
    const name = crdName(crd);
    await waitFor(
      `CRD ${name} to be Established`,
      async () => {
        const response = await api.request("GET", `${CRDS_PATH}/${name}`);
        const conditions = (response.body as CrdStatus).status?.conditions ?? [];
        const rejected = conditions.find((c) => c.type === "NamesAccepted" && c.status === "False");
        if (rejected) throw new Error(`names not accepted: ${rejected.message}`);
        return conditions.some((c) => c.type === "Established" && c.status === "True");
      },
      { timeoutMs },
    );
  }
}

async function apply(api: AdminApi, crd: Manifest): Promise<void> {
  const name = crdName(crd);
  const created = await api.request("POST", CRDS_PATH, crd);
  if (created.status === 201) return;
  if (created.status !== 409) throw new Error(`installing CRD ${name} failed: ${statusMessage(created)}`);
  const current = await api.request("GET", `${CRDS_PATH}/${name}`);
  const resourceVersion = (current.body as CrdStatus).metadata?.resourceVersion;
  const metadata = { ...(crd.metadata as object), resourceVersion };
  const replaced = await api.request("PUT", `${CRDS_PATH}/${name}`, { ...crd, metadata });
  if (replaced.status !== 200) throw new Error(`updating CRD ${name} failed: ${statusMessage(replaced)}`);
}

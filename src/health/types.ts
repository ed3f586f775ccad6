/** What a finding points at. `kind` is the Kubernetes kind ("Upstream", "Pod", ...); cluster-level findings name the cluster. */
export interface FindingRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  ref: FindingRef;
  message: string;
}

/** One line of `check`: "Checking Upstreams... OK". */
export interface CheckItem {
  /** The `--exclude` key, e.g. "upstreams", "virtual-services". */
  key: string;
  /** What glooctl prints, e.g. "Upstreams", "VirtualServices". */
  title: string;
  /** How many objects were looked at. */
  total: number;
  errors: Finding[];
  warnings: Finding[];
  /** Set when the item could not be checked for a reason that is not a problem (e.g. a kind not installed). */
  skipped?: string;
}

/** The check of one Gloo installation (one GlooInstance). */
export interface InstanceCheck {
  /** The GlooInstance name, `<cluster>-<namespace>`. */
  name: string;
  cluster: string;
  namespace: string;
  items: CheckItem[];
}

/** The check of one registered cluster: cluster-level items (connection, Gloo installations), then each instance. */
export interface ClusterCheck {
  cluster: string;
  items: CheckItem[];
  instances: InstanceCheck[];
}

export interface CheckOptions {
  /** `--exclude` keys. */
  exclude?: readonly string[];
  /** Only resources in these namespaces (glooctl's --resource-namespaces); empty or omitted: every watched namespace. */
  namespaces?: readonly string[];
}

export interface ProblemCount {
  errors: number;
  warnings: number;
}

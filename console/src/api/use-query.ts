import { useCallback, useEffect, useState } from "preact/hooks";
import type { TypedDocumentString } from "../generated/graphql";
import { request } from "./client";

export interface QueryState<R> {
  data?: R;
  error?: string;
  loading: boolean;
  refetch(): void;
}

/** One query, run again when its variables change or refetch() is called; the last answer stays shown meanwhile. */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V): QueryState<R> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: R; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    request(doc, variables)
      .then((data) => current && setState({ data, loading: false }))
      .catch((e: Error) => current && setState((s) => ({ data: s.data, error: e.message, loading: false })));
    return () => {
      current = false;
    };
  }, [key, tick]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
}

import { useEffect, useState } from "preact/hooks";
import { fleet, type Fleet } from "./fleet";

/** The live fleet; the calling component renders again (at most once a frame) when anything in it changes. */
export function useFleet(): Fleet {
  const [, setVersion] = useState(fleet.version);
  useEffect(() => fleet.listen(() => setVersion(fleet.version)), []);
  return fleet;
}

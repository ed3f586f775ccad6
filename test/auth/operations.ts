import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Kind, parse, print, type OperationDefinitionNode } from "graphql";

const dir = fileURLToPath(new URL("../../src/sdk/operations/", import.meta.url));

export interface Operation {
  name: string;
  type: "query" | "mutation" | "subscription";
  query: string;
}

/** Every operation the SDK (and so the CLI and console) sends: what the attack suite must see refused. */
export const sdkOperations: Operation[] = readdirSync(dir)
  .filter((f) => f.endsWith(".graphql"))
  .sort()
  .flatMap((f) => {
    const doc = parse(readFileSync(dir + f, "utf8"));
    const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d));
    return doc.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => ({ name: d.name?.value ?? "(anonymous)", type: d.operation, query: [print(d), ...fragments].join("\n") }));
  });

import { writeFileSync } from "node:fs";
import { printFedplaneSchema } from "./schema.js";

// `npm run gen:schema`: writes schema.graphql (or the path given) from the compiled resolvers.
const target = process.argv[2] ?? "schema.graphql";
writeFileSync(target, printFedplaneSchema());
console.log(`wrote ${target}`);

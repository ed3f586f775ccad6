// `node --import ./tools/swc-loader/register.mjs file.ts`: runs fedplane's TypeScript sources through SWC, which (unlike tsx's
// esbuild) keeps the decorator metadata type-graphql needs, so benchmarks and CLI tests run the same code as the tsc build without building.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);

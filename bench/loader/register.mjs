// `node --import ./bench/loader/register.mjs file.ts`: runs fedplane's TypeScript sources through SWC, which (unlike tsx's
// esbuild) keeps the decorator metadata type-graphql needs, so benchmarks run the same code as the tsc build.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);

import { createRequire } from "node:module";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // esbuild drops decorator metadata, which type-graphql needs; SWC keeps it.
  plugins: [swc.vite({ module: { type: "es6" } })],
  resolve: {
    // type-graphql loads graphql's CommonJS build; two copies of graphql break schemas ("another module or realm").
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});

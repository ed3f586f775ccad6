import { createRequire } from "node:module";
import swc from "unplugin-swc";
import { configDefaults, defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// Tests that need real Kubernetes control planes (see test/support/controlplanes.ts). Only when one of them is in the
// run does the "kube" project's globalSetup start (or build) control planes.
const KUBE_TESTS = ["test/integration/**/*.test.ts", "test/**/*.kube.test.ts"];

export default defineConfig({
  // esbuild drops decorator metadata, which type-graphql needs; SWC keeps it.
  plugins: [swc.vite({ module: { type: "es6" } })],
  resolve: {
    // type-graphql loads graphql's CommonJS build; two copies of graphql break schemas ("another module or realm").
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...KUBE_TESTS] },
      },
      {
        extends: true,
        test: { name: "kube", include: KUBE_TESTS, globalSetup: ["test/support/controlplanes.global.ts"] },
      },
    ],
  },
});

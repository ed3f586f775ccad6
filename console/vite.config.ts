import { defineConfig } from "vite";

// The console is served by fedplane itself (src/http/console.ts), offline: everything is bundled, nothing is loaded
// from a CDN, and no source maps or inline assets point anywhere else.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  logLevel: "warn",
  build: {
    outDir: "../dist/console",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});

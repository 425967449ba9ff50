// Config for running TypeScript scripts that import app code (tests' child workers, benchmarks)
// with vite-node: no Remix plugin, no dev-server file restrictions.
import { defineConfig } from "vite";

export default defineConfig({ logLevel: "warn" });

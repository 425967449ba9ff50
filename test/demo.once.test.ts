// Issue 7: `npm run demo` tells the whole story and proves it: exit 0, every step, the properties.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("npm run demo", () => {
  it(
    "runs the scripted story offline and prints the final HubSpot properties",
    { timeout: 240_000 },
    async () => {
      const child = spawn(
        process.execPath,
        [
          path.join(root, "node_modules/vite-node/vite-node.mjs"),
          "--config",
          "vite-node.config.ts",
          "sandbox/demo.ts",
        ],
        {
          cwd: root,
          env: { ...process.env, LOG_LEVEL: "error" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

      expect(code, output).toBe(0);
      expect(output).toMatch(/30\/30 steps happened/);
      expect(output).not.toContain("✗");
      for (const line of [
        /replyloop_cart_abandon_reason\s+shipping_cost/,
        /replyloop_cart_recovered\s+true/,
        /replyloop_last_nps_score\s+10/,
        /replyloop_nps_category\s+promoter/,
        /replyloop_vip_tier\s+gold/,
        /replyloop_vip_perk\s+free_shipping/,
        /replyloop_q_shopping_for\s+gifts/,
        /replyloop_q_winback_reason\s+found_elsewhere/,
        /Marco replies "9" from his phone — replyloop_last_nps_score = 9 \(answered by SMS\)/,
      ]) {
        expect(output).toMatch(line);
      }
    },
  );
});

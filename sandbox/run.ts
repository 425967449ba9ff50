// npm run sandbox [-- --reset] [-- --port 3457]: the whole loop on this machine, until Ctrl-C.
import "./loopback-guard.ts";
import { DEFAULT_PORT, startSandbox } from "./sandbox.ts";

const args = process.argv.slice(2);
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : DEFAULT_PORT;

const sandbox = await startSandbox({ port, reset: args.includes("--reset") }).catch((error: unknown) => {
  console.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`
  Replyloop sandbox: ${sandbox.url}

  A demo store (Northwind Outfitters) with four customers, its HubSpot portal and an inbox, all on
  this machine. Abandon a checkout, move the clock an hour, answer the email, and watch the answer
  arrive in HubSpot. The merchant's admin opens from the page too. Data: ${sandbox.dataDir}
  Ctrl-C to stop (the next start carries on; --reset starts clean).
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the sandbox…");
    void sandbox.stop().then(() => process.exit(0));
  });
}

// npm run topology: the production topology on this machine (scripts/topology/start.ts) until Ctrl-C.
import { startTopology } from "./start";

const topology = await startTopology({ log: (line) => console.log(line) });
console.log(`
  Replyloop topology: PostgreSQL ${topology.databaseUrl}
  web:      ${topology.webUrls.join("  ")}
  workers:  ${topology.processes.filter((p) => !p.url).length}
  stand-ins: Shopify Admin ${topology.fakes.shopify.url}, HubSpot ${topology.fakes.hubspot.url},
             SendGrid ${topology.fakes.sendgrid.url}
  Ctrl-C to stop (everything, the database included, is thrown away).
`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void topology.stop().then(() => process.exit(0));
  });
}

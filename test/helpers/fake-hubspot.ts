// A fake HubSpot (sandbox/fakes/hubspot-server.ts) for this test file, started before any app module
// reads its configuration: import this module first, so HUBSPOT_API_BASE_URL points at the fake.
import { startFakeHubSpot } from "../../sandbox/fakes/hubspot-server";

export const fakeHubSpot = await startFakeHubSpot();
process.env.HUBSPOT_API_BASE_URL = fakeHubSpot.url;

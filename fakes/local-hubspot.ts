// A fake HubSpot (./hubspot-server.ts) for this process (a test file, a benchmark), started before
// any app module reads its configuration: import this module first, so HUBSPOT_API_BASE_URL points
// at the fake.
import { startFakeHubSpot } from "./hubspot-server";

export const fakeHubSpot = await startFakeHubSpot();
process.env.HUBSPOT_API_BASE_URL = fakeHubSpot.url;

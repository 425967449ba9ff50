// A local Twilio (./twilio-server.ts) for this process (a test file, a benchmark), started before
// any app module reads its configuration: import this module first, so TWILIO_API_BASE_URL points
// at the stand-in.
import { startFakeTwilio } from "./twilio-server";

export const fakeTwilio = await startFakeTwilio();
process.env.TWILIO_API_BASE_URL = fakeTwilio.url;

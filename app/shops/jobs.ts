// Job references of shops (bound to their code in app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../jobs/queue";

/** Reads the shop's name, email, currency, time zone and address from the Admin API (sync.server.ts). */
export const syncShopJob = jobRef("shops.sync", z.object({ shop: z.string() }));

// Job references of the HubSpot integration (bound to their code in app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../../jobs/queue";

/** Creates the portal's replyloop properties (provisioning-job.server.ts). */
export const provisionPropertiesJob = jobRef("crm.provision-properties", z.object({ shop: z.string() }), 8);

/** Asks HubSpot for the email of a contact whose tier a rep changed (resolve-contact-job.server.ts). */
export const resolveTierContactJob = jobRef("crm.resolve-tier-contact", z.object({ eventId: z.string() }), 8);

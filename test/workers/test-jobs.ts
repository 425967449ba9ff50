import { z } from "zod";

/** Queue definitions shared by the job tests and their worker processes (handlers differ). */
export const testJobs = {
  record: { queue: "test.record", payload: z.object({ n: z.number() }), maxAttempts: 3 },
  slow: { queue: "test.slow", payload: z.object({ n: z.number() }), maxAttempts: 3 },
};

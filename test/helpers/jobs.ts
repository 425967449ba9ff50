import { allJobDefinitions } from "../../app/jobs/definitions.server";
import { jobQueue } from "../../app/jobs/jobs.server";

/** Runs every due job (including jobs those jobs enqueue) until the queue is idle; returns how many ran. */
export async function runJobs() {
  await jobQueue.init(allJobDefinitions());
  return jobQueue.drain();
}

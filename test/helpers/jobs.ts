import { jobs } from "../../app/server/composition.server";
import { jobQueue } from "../../app/jobs/jobs.server";

/** Runs every due job (including jobs those jobs enqueue) until the queue is idle; returns how many ran. */
export async function runJobs() {
  await jobQueue.init(jobs);
  return jobQueue.drain();
}

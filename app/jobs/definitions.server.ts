// Every job queue and periodic task of the app. A worker runs exactly these.
import { answerTasks } from "../answers/registry.server";
import { campaignJobs, campaignTasks } from "../campaigns/registry.server";
import { crmJobs, crmTasks } from "../crm/registry.server";
import { emailJobs, emailTasks } from "../email/registry.server";
import { processEventJob } from "../intake/process.server";
import type { PeriodicTask } from "./periodic.server";
import type { JobDefinition } from "./queue";

export function allJobDefinitions(): JobDefinition[] {
  return [processEventJob, ...campaignJobs, ...emailJobs, ...crmJobs];
}

export function allPeriodicTasks(): PeriodicTask[] {
  return [...campaignTasks, ...emailTasks, ...crmTasks, ...answerTasks];
}

// Every job queue of the app. A worker runs exactly these.
import { processEventJob } from "../intake/process.server";
import type { JobDefinition } from "./queue";

export function allJobDefinitions(): JobDefinition[] {
  return [processEventJob];
}

// What the answers module plugs into the shared machinery: the periodic task that settles held
// confirmations (settle.server.ts). Read by app/jobs/definitions.server.ts.
import type { PeriodicTask } from "../jobs/periodic.server";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { settleHeldAnswers } from "./settle.server";

export const answerTasks: PeriodicTask[] = [
  {
    name: "answers.settle",
    everyMs: 2_000,
    async run() {
      // Hold windows are on the app clock (the clicks were stamped with it).
      await settleHeldAnswers(db, appClock.now());
    },
  },
];

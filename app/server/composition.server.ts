// The composition root: the one place where the process's shared parts are built — the clock, the
// Shopify Admin client, the email transport and sender — and where every job reference meets the
// code that runs it, beside the periodic tasks a worker runs. Edge layer: domains never import
// this module (eslint.config.js enforces it); routes do, and server.ts reaches startBackground and
// hostApi through the build's entry (app/entry.server.tsx).
import { Session } from "@shopify/shopify-api";
import { expirePageAnswers } from "../answers/page-answers.server";
import { settleHeldAnswers } from "../answers/settle.server";
import { saveCampaign } from "../campaigns/config.server";
import { sweepDueSends, runDispatchSendJob, type DispatchDeps } from "../campaigns/dispatch.server";
import { dispatchSendJob, refreshSummaryJob, syncTagsJob } from "../campaigns/jobs";
import { CAMPAIGN_KINDS } from "../campaigns/kinds";
import { readSettings } from "../campaigns/settings";
import { refreshSummary, syncTags } from "../campaigns/vip.server";
import { noteOrder, scanWinback } from "../campaigns/winback.server";
import { connectWithToken } from "../crm/hubspot/connection.server";
import { flushCrmWrites, pruneCrmWrites } from "../crm/hubspot/flusher.server";
import { provisionPropertiesJob, resolveTierContactJob } from "../crm/hubspot/jobs";
import { runProvisioning } from "../crm/hubspot/provisioning-job.server";
import { resolveTierContact } from "../crm/hubspot/resolve-contact-job.server";
import { upsertCustomer } from "../customers/customers.server";
import { pruneOrders } from "../customers/orders.server";
import db, { directDb } from "../db.server";
import { getMessage } from "../email/messages.server";
import type { EmailSender } from "../email/outgoing";
import { emailConfig } from "../email/send.server";
import { createEmailSender } from "../email/sender.server";
import { createOutboxTransport } from "../email/outbox/transport.server";
import { createSendGridTransport } from "../email/sendgrid/transport.server";
import type { Transport } from "../email/transport";
import { env } from "../env.server";
import { processEventJob } from "../events/jobs";
import { runSendSurvey } from "../flow/action.server";
import { fireAnswerTriggerJob, sendSurveyJob } from "../flow/jobs";
import { fireAnswerReceived } from "../flow/triggers.server";
import { recordOutboxEvent, recordSmsOutboxEvent } from "../intake/outbox-reports.server";
import { createEventProcessor } from "../intake/process.server";
import { jobQueue } from "../jobs/jobs.server";
import { startPeriodicTasks, type PeriodicTask } from "../jobs/periodic.server";
import { bindJob, type JobDefinition } from "../jobs/queue";
import { appClock, installClock } from "../lib/app-clock.server";
import type { Clock } from "../lib/clock";
import { log } from "../lib/log.server";
import { toMinorUnits } from "../lib/money";
import { GraphqlShopifyAdmin, type ShopifyAdmin } from "../shopify/admin.server";
import { offlineAccessToken, sessionStorage } from "../shopify.server";
import { syncShopJob } from "../shops/jobs";
import { recordInstall } from "../shops/shops.server";
import { syncShop } from "../shops/sync.server";
import { saveTwilioConnection, twilioConnectionOf } from "../sms/connection.server";
import type { SmsSender } from "../sms/outgoing";
import { createSmsOutboxTransport } from "../sms/outbox/transport.server";
import { createSmsSender } from "../sms/sender.server";
import { syncSmsConsent } from "../sms/consent-sync.server";
import { syncSmsConsentJob } from "../sms/jobs";
import type { SmsTransport } from "../sms/transport";
import { createTwilioTransport } from "../sms/twilio/transport.server";

/** Product time (pages, jobs, stamps): replaceable by tests and the sandbox (app-clock.server.ts). */
export const clock: Clock = appClock;

export const shopifyAdmin: ShopifyAdmin = new GraphqlShopifyAdmin({
  origin: env.SHOPIFY_ADMIN_API_ORIGIN,
  tokenFor: offlineAccessToken,
});

/** The outbox's reports enter the event log, like SendGrid's Event Webhook events. */
export const reportOutboxEvent = recordOutboxEvent;

/** SendGrid when SENDGRID_API_KEY is set, else the local outbox. */
export const emailTransport: Transport = env.SENDGRID_API_KEY
  ? createSendGridTransport({ apiKey: env.SENDGRID_API_KEY, baseUrl: env.SENDGRID_API_BASE_URL })
  : createOutboxTransport({ clock, report: reportOutboxEvent });

export const emailSender: EmailSender = createEmailSender({
  db,
  transport: emailTransport,
  config: emailConfig,
  clock,
});

/** The SMS outbox's reports enter the event log, like Twilio's status callbacks. */
export const reportSmsOutboxEvent = recordSmsOutboxEvent;
const smsOutbox = createSmsOutboxTransport({ clock, report: reportSmsOutboxEvent });

/** A shop's texts go through its own Twilio account when it connected one, else to the SMS outbox. */
export async function smsTransportFor(shop: string): Promise<SmsTransport> {
  const account = await twilioConnectionOf(db, shop);
  return account ? createTwilioTransport(account, { baseUrl: env.TWILIO_API_BASE_URL }) : smsOutbox;
}

/** Where Twilio reports a text's status: our webhook, naming the shop and the text (the URL is signed). */
export function smsStatusCallback(shop: string, messageId: string, transport: SmsTransport) {
  if (transport.name !== "twilio") return null;
  const url = new URL("/webhooks/twilio/status", env.SHOPIFY_APP_URL);
  url.searchParams.set("shop", shop);
  url.searchParams.set("message", messageId);
  return url.toString();
}

export const smsSender: SmsSender = createSmsSender({
  db,
  transportFor: smsTransportFor,
  statusCallback: smsStatusCallback,
  clock,
});

export const dispatchDeps: DispatchDeps = { sender: emailSender, sms: smsSender, admin: shopifyAdmin, clock };

/** Every job a worker runs: each reference bound to its code. */
export const jobs: readonly JobDefinition[] = [
  bindJob(processEventJob, createEventProcessor()),
  bindJob(dispatchSendJob, (payload, context) => runDispatchSendJob(payload, context, dispatchDeps), {
    concurrency: env.SEND_CONCURRENCY,
  }),
  bindJob(refreshSummaryJob, (payload) => refreshSummary(payload, shopifyAdmin)),
  bindJob(syncTagsJob, (payload) => syncTags(payload, shopifyAdmin)),
  bindJob(syncShopJob, (payload) => syncShop(payload, shopifyAdmin)),
  bindJob(provisionPropertiesJob, runProvisioning),
  bindJob(resolveTierContactJob, resolveTierContact),
  bindJob(fireAnswerTriggerJob, (payload) => fireAnswerReceived(payload, { admin: shopifyAdmin, clock })),
  bindJob(sendSurveyJob, (payload) => runSendSurvey(payload, { admin: shopifyAdmin, clock })),
  bindJob(syncSmsConsentJob, (payload) => syncSmsConsent(payload, shopifyAdmin)),
];

/** Recurring work every worker does besides queued jobs (each task claims its rows atomically). */
export const periodicTasks: readonly PeriodicTask[] = [
  {
    name: "campaigns.sweep-due-sends",
    everyMs: 2_000,
    async run() {
      await sweepDueSends(clock.now());
    },
  },
  {
    // Customers whose last order passed the win-back threshold (an indexed read of the due ones).
    name: "campaigns.winback-scan",
    everyMs: 60_000,
    async run() {
      await scanWinback(clock.now());
    },
  },
  {
    name: "crm.flush",
    everyMs: 1_000,
    async run() {
      // Write readiness follows the app clock (the time the changes were recorded on).
      await flushCrmWrites(db, { clock });
    },
  },
  {
    name: "answers.settle",
    everyMs: 2_000,
    async run() {
      // Hold windows are on the app clock (the clicks were stamped with it).
      await settleHeldAnswers(db, clock.now());
    },
  },
  {
    name: "answers.page-expire",
    everyMs: 60 * 60_000,
    async run() {
      // Pending Thank-you page answers whose order never came; orders past their retention.
      await db.$transaction(async (tx) => {
        await expirePageAnswers(tx, clock.now());
        await pruneOrders(tx, clock.now());
      });
    },
  },
  {
    name: "crm.prune",
    everyMs: 60 * 60_000,
    async run() {
      await pruneCrmWrites(db, clock.now());
    },
  },
  {
    name: "jobs.prune",
    everyMs: 60 * 60_000,
    async run() {
      // Finished jobs a week old (SQLite's queue; pg-boss prunes its own).
      await jobQueue.prune();
    },
  },
];

export function serverConfig() {
  return { host: env.HOST, port: env.PORT, jobsInProcess: env.JOBS_IN_PROCESS };
}

/** What a process runs besides request handling: the job queue and, where configured, the worker. */
export async function startBackground(options: { worker: boolean }) {
  await jobQueue.init(jobs);
  let stopTasks = async () => {};
  if (options.worker) {
    await jobQueue.start({ concurrency: env.JOB_CONCURRENCY, pollIntervalMs: env.JOB_POLL_INTERVAL_MS });
    stopTasks = startPeriodicTasks(periodicTasks);
    log.info("job worker started", {
      queue: jobQueue.kind,
      concurrency: env.JOB_CONCURRENCY,
      sendConcurrency: env.SEND_CONCURRENCY,
    });
  }
  return {
    async stop() {
      await stopTasks();
      await jobQueue.stop();
      // Both ways into the database: an open pool would keep the process alive for its idle timeout.
      await Promise.all([db.$disconnect(), directDb.close()]);
    },
  };
}

/**
 * What a process hosting the app may do besides serving requests and running jobs. server.ts hands
 * it to the sandbox in sandbox mode (sandbox/host/: a seeded demo store, a clock it moves, the
 * inbox); nothing in app/ calls it. Every operation is the product's own.
 */
export const hostApi = {
  db,
  installClock,
  sweepDueSends,
  scanWinback,
  noteOrder,
  reportOutboxEvent,
  getMessage,
  recordInstall,
  upsertCustomer,
  saveCampaign,
  connectHubSpot: connectWithToken,
  connectTwilio: saveTwilioConnection,
  readCampaignSettings: readSettings,
  campaignKinds: CAMPAIGN_KINDS,
  toMinorUnits,
  /**
   * Waits (up to `timeoutMs`) until no job is due and unfinished: what arrived before the host moves
   * its clock is handled at the time it arrived. Returns whether the queue settled.
   */
  async settleJobs(timeoutMs = 10_000) {
    // Real waiting for real work (not the app's clock, which the host moves): checks every 20 ms.
    for (let waited = 0; waited < timeoutMs; waited += 20) {
      if (!(await jobQueue.busy())) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return !(await jobQueue.busy());
  },
  /** Stores a shop's offline session (its Admin API token), as token exchange would. */
  async storeOfflineSession(shop: string, accessToken: string, scope: string) {
    await sessionStorage.storeSession(
      new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope, accessToken }),
    );
  },
};
export type HostApi = typeof hostApi;

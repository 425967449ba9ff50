// Where the card fetches from: Replyloop's public URL. It must be listed in app-hsmeta.json's
// permittedUrls.fetch (hubspot/project.test.ts checks that they agree); change all of them
// together when deploying under your own domain.
export const REPLYLOOP_APP_URL = "https://replyloop.example.com";

/** The history endpoint (app/routes/hubspot.card.ts); HubSpot appends portalId, userId, userEmail and appId, and signs the call. */
export const historyUrl = (contactId: string, appUrl = REPLYLOOP_APP_URL) =>
  `${appUrl}/hubspot/card?objectId=${encodeURIComponent(contactId)}`;

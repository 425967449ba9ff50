// Where the app is. Shopify CLI replaces `process.env.APP_URL` when it bundles the extension: with
// the tunnel URL under `shopify app dev`, and with APP_URL from the app's .env or the shell under
// `shopify app build` / `shopify app deploy`. The project's own build (scripts/extensions/build.ts)
// does the same with shopify.app.toml's application_url. The extension runs in a web worker that
// has no `process`: if nothing replaced the expression, reading it throws and the block stays empty.
export function appUrl(): string | undefined {
  try {
    return process.env.APP_URL || undefined;
  } catch (error) {
    console.error("Replyloop survey: built without APP_URL, showing nothing", error);
    return undefined;
  }
}

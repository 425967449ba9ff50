// Drives a running sandbox over HTTP, as a person at the sandbox page would: make the store act,
// move the clock, open an email and answer it like a human in a browser (open the link, read the
// page, press the button). Used by the demo and the tests.
import { z } from "zod";

export const HUMAN_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const state = z.object({
  now: z.string(),
  shop: z.object({ timezone: z.string(), currency: z.string() }),
  store: z.object({
    customers: z.array(
      z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), tags: z.array(z.string()) }),
    ),
    checkouts: z.array(z.object({ token: z.string(), customerId: z.string(), completed: z.boolean() })),
    orders: z.array(
      z.object({ id: z.string(), name: z.string(), customerId: z.string(), fulfilled: z.boolean() }),
    ),
    discounts: z.array(z.object({ code: z.string() })),
    phone: z.object({
      phones: z.array(
        z.object({
          customerId: z.string(),
          phone: z.string(),
          texts: z.array(z.object({ direction: z.string(), body: z.string(), status: z.string() })),
        }),
      ),
    }),
    hubspot: z.object({
      contacts: z.array(z.object({ email: z.string(), properties: z.record(z.string(), z.string()) })),
    }),
  }),
  messages: z.array(
    z.object({
      id: z.string(),
      toEmail: z.string(),
      subject: z.string(),
      campaign: z.string(),
      step: z.string(),
    }),
  ),
  pending: z.array(
    z.object({ email: z.string(), runAt: z.string(), campaign: z.string(), step: z.string() }),
  ),
  recovered: z.object({ orders: z.number(), amountCents: z.number() }),
});
export type SandboxView = z.infer<typeof state>;

export class SandboxClient {
  constructor(readonly appUrl: string) {}

  async state(): Promise<SandboxView> {
    const res = await fetch(`${this.appUrl}/sandbox/state`);
    return state.parse(await res.json());
  }

  /** Does what the sandbox page's buttons do. */
  async act(fields: Record<string, string>) {
    const res = await fetch(`${this.appUrl}/sandbox/act`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(fields),
    });
    const body = z
      .object({ ok: z.boolean(), message: z.string() })
      .safeParse(await res.json().catch(() => null));
    if (!res.ok || !body.success || !body.data.ok)
      throw new Error(
        `sandbox action ${fields.intent} failed: ${body.success ? body.data.message : res.status}`,
      );
    return body.data.message;
  }

  advanceHours(hours: number) {
    return this.act({ intent: "advance", hours: String(hours) });
  }

  /** Moves the clock to the next `hour`:00 in the shop's time zone (whole hours). */
  async advanceToLocalHour(hour: number) {
    const view = await this.state();
    const local = Number(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: view.shop.timezone,
        hour: "2-digit",
        hourCycle: "h23",
      }).format(new Date(view.now)),
    );
    const hours = (hour - local + 24) % 24 || 24;
    await this.advanceHours(hours);
    return hours;
  }

  /** Polls the sandbox state until `find` returns something (or fails after `timeoutMs`). */
  async waitFor<T>(
    what: string,
    find: (view: SandboxView) => T | undefined | null | false,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(await this.state());
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async messageHtml(id: string) {
    return (await fetch(`${this.appUrl}/sandbox/messages/${id}`)).text();
  }

  /** The answer link whose button reads `label` in an email's (or a page's) HTML. */
  static linkFor(html: string, label: string): string {
    const anchors = [...html.matchAll(/<a\b[^>]*href="([^"]*\/a\/[^"]+)"[^>]*>([\s\S]*?)<\/a>/g)];
    const text = (inner: string) =>
      inner
        .replace(/<[^>]+>/g, "")
        .replace(/&amp;/g, "&")
        .replace(/\s+/g, " ")
        .trim();
    const match = anchors.find((a) => text(a[2] ?? "") === label);
    if (!match?.[1])
      throw new Error(
        `no answer link "${label}" (found: ${anchors.map((a) => text(a[2] ?? "")).join(", ")})`,
      );
    return match[1].replace(/&amp;/g, "&");
  }

  /** Answers like a person: opens the link, reads the page for a moment, presses the button. Returns the thank-you page. */
  async answer(link: string, options: { readMs?: number } = {}) {
    const url = new URL(link, this.appUrl).toString();
    const page = await fetch(url, { headers: { "User-Agent": HUMAN_UA } });
    const html = await page.text();
    const click = /name="click" value="([^"]+)"/.exec(html)?.[1];
    if (page.status !== 200 || !click) throw new Error(`the answer page did not open (${page.status})`);
    await new Promise((resolve) => setTimeout(resolve, options.readMs ?? 2500));
    const confirmed = await fetch(url, {
      method: "POST",
      headers: { "User-Agent": HUMAN_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ click, mode: "button" }),
    });
    const thanks = await confirmed.text();
    if (confirmed.status !== 200) throw new Error(`confirming the answer failed (${confirmed.status})`);
    return thanks;
  }

  async control(path: string, body: unknown, controlUrl: string) {
    const res = await fetch(`${controlUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data: unknown = await res.json();
    if (!res.ok) throw new Error(`${path}: ${JSON.stringify(data)}`);
    return data;
  }
}

/** The replyloop_* properties of one contact in the sandbox's HubSpot portal. */
export function replyloopProperties(view: SandboxView, email: string) {
  const contact = view.store.hubspot.contacts.find((c) => c.email === email);
  return Object.fromEntries(
    Object.entries(contact?.properties ?? {}).filter(([k]) => k.startsWith("replyloop_")),
  );
}

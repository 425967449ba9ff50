// The card, rendered with HubSpot's own test renderer: what a sales rep sees for a contact.
import { describe, expect, it } from "vitest";
import { createRenderer } from "@hubspot/ui-extensions/testing";
import {
  EmptyState,
  ErrorState,
  StatisticsItem,
  Table,
  TableCell,
  TableRow,
  Tag,
  Text,
} from "@hubspot/ui-extensions";
import { REPLYLOOP_APP_URL } from "./backend";
import { ReplyloopCard, type Fetcher } from "./ReplyloopCard";

const history = {
  contactId: "123",
  email: "jane@example.com",
  vipTier: "gold",
  lastNps: { score: 9, answeredAt: "2026-02-01T10:00:00.000Z" },
  answers: [
    {
      shop: "a",
      question: "How likely are you to recommend us to a friend?",
      answer: "9",
      campaign: "Post-purchase survey",
      answeredAt: "2026-02-01T10:00:00.000Z",
    },
    {
      shop: "a",
      question: "What stopped you from completing your order?",
      answer: "Shipping cost",
      campaign: "Abandoned cart",
      answeredAt: "2026-02-03T08:00:00.000Z",
    },
    {
      shop: "a",
      question: "Thank you! What did you love most?",
      answer: "Fast delivery",
      campaign: "Post-purchase survey",
      answeredAt: "2026-02-01T10:01:00.000Z",
    },
  ],
  truncated: false,
};

function fetcherReturning(status: number, body: unknown) {
  const calls: { url: string; method?: string }[] = [];
  const fetcher: Fetcher = async (url, options) => {
    calls.push({ url, method: options?.method });
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
  return { fetcher, calls };
}

describe("Replyloop card", () => {
  it("shows the VIP tier, last NPS and every answer newest first, fetched for this contact from Replyloop", async () => {
    const { fetcher, calls } = fetcherReturning(200, history);
    const card = createRenderer("crm.record.tab");
    card.render(<ReplyloopCard contactId="123" fetcher={fetcher} />);
    await card.waitFor(() => expect(card.find(Table)).toBeTruthy());

    expect(calls).toEqual([{ url: `${REPLYLOOP_APP_URL}/hubspot/card?objectId=123`, method: "GET" }]);
    const stats = card.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number]);
    expect(stats).toEqual([
      ["VIP tier", "Gold"],
      ["Last NPS", 9],
    ]);
    expect(card.find(Tag).text).toBe("VIP Gold");
    const rows = card
      .find(Table)
      .findAll(TableRow)
      .slice(1)
      .map((row) => row.findAll(TableCell).map((cell) => cell.text));
    expect(rows).toEqual([
      ["What stopped you from completing your order?", "Shipping cost", "Abandoned cart", "2026-02-03"],
      ["Thank you! What did you love most?", "Fast delivery", "Post-purchase survey", "2026-02-01"],
      ["How likely are you to recommend us to a friend?", "9", "Post-purchase survey", "2026-02-01"],
    ]);
  });

  it("says so when the contact has not answered yet", async () => {
    const { fetcher } = fetcherReturning(200, { ...history, vipTier: null, lastNps: null, answers: [] });
    const card = createRenderer("crm.record.tab");
    card.render(<ReplyloopCard contactId="7" fetcher={fetcher} />);
    await card.waitFor(() => expect(card.find(EmptyState).props.title).toBe("No answers yet"));
    expect(card.maybeFind(Table)).toBeNull();
    expect(card.maybeFind(Tag)).toBeNull();
  });

  it("shows an error state when the backend refuses", async () => {
    const { fetcher } = fetcherReturning(401, "Unauthorized");
    const card = createRenderer("crm.record.tab");
    card.render(<ReplyloopCard contactId="123" fetcher={fetcher} />);
    await card.waitFor(() => expect(card.find(ErrorState).find(Text).text).toContain("401"));
    expect(card.find(ErrorState).props.title).toBe("Replyloop answers could not be loaded");
  });
});

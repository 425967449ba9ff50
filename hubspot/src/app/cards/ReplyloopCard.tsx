// The Replyloop card on a HubSpot contact record: VIP tier, last NPS and the full answer history
// (question, answer, campaign, date), newest first, fetched from Replyloop's backend with
// hubspot.fetch (signed by HubSpot, scoped by the backend to the portal's connected stores).
import { useEffect, useState } from "react";
import {
  EmptyState,
  ErrorState,
  Flex,
  hubspot,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from "@hubspot/ui-extensions";
import { historyUrl } from "./backend";
import { parseHistory, type CardHistory } from "./history";

export type Fetcher = (url: string, options?: { method?: "GET"; timeout?: number }) => Promise<Response>;

type State =
  { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; history: CardHistory };

const TIER_LABEL: Record<string, string> = { none: "Not VIP", silver: "Silver", gold: "Gold" };
const day = (iso: string) => iso.slice(0, 10);

export function ReplyloopCard({ contactId, fetcher }: { contactId: string; fetcher: Fetcher }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    const load = async () => {
      try {
        const response = await fetcher(historyUrl(contactId), { method: "GET", timeout: 10_000 });
        if (!response.ok) throw new Error(`Replyloop answered ${response.status}`);
        const history = parseHistory(await response.json());
        if (!history) throw new Error("Replyloop sent something this card cannot read");
        if (current) setState({ kind: "ready", history });
      } catch (error) {
        if (current)
          setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      }
    };
    void load();
    return () => {
      current = false;
    };
  }, [contactId, fetcher]);

  if (state.kind === "loading") return <LoadingSpinner label="Loading Replyloop answers" />;
  if (state.kind === "error") {
    return (
      <ErrorState title="Replyloop answers could not be loaded">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  }
  const { history } = state;
  return (
    <Flex direction="column" gap="md">
      <Statistics>
        <StatisticsItem
          label="VIP tier"
          number={TIER_LABEL[history.vipTier ?? "none"] ?? history.vipTier ?? "Not VIP"}
        />
        <StatisticsItem label="Last NPS" number={history.lastNps ? history.lastNps.score : "–"} />
      </Statistics>
      {history.vipTier && history.vipTier !== "none" ? (
        <Tag variant="success">VIP {TIER_LABEL[history.vipTier] ?? history.vipTier}</Tag>
      ) : null}
      {history.answers.length === 0 ? (
        <EmptyState title="No answers yet" layout="vertical">
          <Text>This contact has not answered a Replyloop email.</Text>
        </EmptyState>
      ) : (
        <Table bordered>
          <TableHead>
            <TableRow>
              <TableHeader>Question</TableHeader>
              <TableHeader>Answer</TableHeader>
              <TableHeader>Campaign</TableHeader>
              <TableHeader>Date</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.answers.map((a, i) => (
              <TableRow key={`${a.answeredAt}-${i}`}>
                <TableCell>{a.question}</TableCell>
                <TableCell>{a.answer}</TableCell>
                <TableCell>{a.campaign}</TableCell>
                <TableCell>{day(a.answeredAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {history.truncated ? <Text variant="microcopy">Older answers are not shown.</Text> : null}
    </Flex>
  );
}

hubspot.extend<"crm.record.tab">(({ context }) => (
  <ReplyloopCard contactId={String(context.crm.objectId)} fetcher={hubspot.fetch} />
));

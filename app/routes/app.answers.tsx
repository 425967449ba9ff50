// Every confirmed answer: customer, question, answer, campaign, date and whether it reached
// HubSpot; filtered by campaign, question and dates; exported as CSV with the same filters.
// Clicks that are not answers (provisional, flagged as link scanners, held, void) are listed apart,
// each with its reason.
import { useState } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  TextField,
} from "@shopify/polaris";
import { listAnswers, listUnconfirmedClicks, questionOptions, type CrmState } from "../answers/admin.server";
import { filterParams, parseAnswerFilters } from "../answers/filters";
import { readShop } from "../shops/shops.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS } from "../campaigns/kinds";
import { downloadFile } from "../components/download";
import { FeedbackBanner, type ActionFeedback } from "../components/feedback";
import { TableCard, WrappingText } from "../components/table-card";
import db from "../db.server";
import { listSmsReplies } from "../sms/admin.server";
import { shopDateTime } from "../lib/clock";
import { authenticate } from "../shopify.server";

const PAGE_SIZE = 200;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await readShop(db, session.shop);
  const filters = parseAnswerFilters(new URL(request.url).searchParams, shop.timezone);
  const [{ answers, total }, clicks, questions, texts] = await Promise.all([
    listAnswers(db, session.shop, filters, { limit: PAGE_SIZE }),
    listUnconfirmedClicks(db, session.shop, filters, { limit: 50 }),
    questionOptions(db, session.shop),
    listSmsReplies(db, session.shop, { limit: 50, notAnswers: true }),
  ]);
  const { start: _start, end: _end, ...shown } = filters;
  return json({ filters: shown, answers, total, clicks, questions, texts, timezone: shop.timezone });
};

const CRM_BADGE: Record<CrmState, { tone?: "success" | "attention" | "critical"; label: string }> = {
  written: { tone: "success", label: "Yes" },
  waiting: { tone: "attention", label: "Waiting" },
  refused: { tone: "critical", label: "Refused" },
};

const CLICK_TONE: Record<string, "warning" | "info" | "attention" | "critical" | undefined> = {
  flagged: "warning",
  provisional: "info",
  held: "attention",
  void: "critical",
};

type Filters = { campaign: string | null; question: string | null; from: string | null; to: string | null };

function AnswerFilterForm(props: {
  filters: Filters;
  questions: { key: string; prompt: string }[];
  filtered: boolean;
}) {
  const [campaign, setCampaign] = useState(props.filters.campaign ?? "");
  const [question, setQuestion] = useState(props.filters.question ?? "");
  const [from, setFrom] = useState(props.filters.from ?? "");
  const [to, setTo] = useState(props.filters.to ?? "");
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end" wrap>
        <Select
          label="Campaign"
          name="campaign"
          options={[
            { label: "All campaigns", value: "" },
            ...CAMPAIGN_KINDS.map((k) => ({ label: CAMPAIGN_LABELS[k], value: k })),
          ]}
          value={campaign}
          onChange={setCampaign}
        />
        <Select
          label="Question"
          name="question"
          options={[
            { label: "All questions", value: "" },
            ...props.questions.map((q) => ({
              label: q.prompt.length > 50 ? `${q.prompt.slice(0, 49)}…` : q.prompt,
              value: q.key,
            })),
          ]}
          value={question}
          onChange={setQuestion}
        />
        <TextField label="From" type="date" name="from" autoComplete="off" value={from} onChange={setFrom} />
        <TextField label="To" type="date" name="to" autoComplete="off" value={to} onChange={setTo} />
        <Button submit>Filter</Button>
        {props.filtered ? <Button url="/app/answers">Clear</Button> : null}
      </InlineStack>
    </Form>
  );
}

export default function Answers() {
  const { filters, answers, total, clicks, questions, texts, timezone } = useLoaderData<typeof loader>();
  const location = useLocation();
  const [exporting, setExporting] = useState(false);
  const [feedback, setFeedback] = useState<ActionFeedback | null>(null);
  const when = (iso: string) => shopDateTime(iso, timezone);

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFile(`/app/answers.csv?${filterParams(filters).toString()}`, "replyloop-answers.csv");
      setFeedback({ ok: true, message: `Exported ${total} answers.` });
    } catch (error) {
      setFeedback({ ok: false, message: error instanceof Error ? error.message : "The export failed." });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      title="Answers"
      subtitle="Every answer your customers confirmed inside an email"
      secondaryActions={[
        {
          content: "Export CSV",
          onAction: () => void exportCsv(),
          loading: exporting,
          disabled: total === 0,
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FeedbackBanner feedback={feedback} />
            {filters.problems.length ? (
              <Banner tone="warning">
                <p>{filters.problems.join(" ")}</p>
              </Banner>
            ) : null}
            <Card>
              {/* Keyed by the URL: the fields show the filters in force after every navigation (Clear included). */}
              <AnswerFilterForm
                key={location.search}
                filters={filters}
                questions={questions}
                filtered={location.search !== ""}
              />
            </Card>
            <TableCard
              title={
                total === answers.length
                  ? `${total} confirmed answers`
                  : `Latest ${answers.length} of ${total} confirmed answers (export for all)`
              }
              resourceName={{ singular: "answer", plural: "answers" }}
              itemCount={answers.length}
              empty={`No confirmed answers${location.search ? " match these filters" : " yet. They appear here as soon as customers answer a question in an email"}.`}
              headings={[
                { title: "Customer" },
                { title: "Question" },
                { title: "Answer" },
                { title: "Campaign" },
                { title: "Source" },
                { title: "Date" },
                { title: "In HubSpot" },
              ]}
            >
              {answers.map((a, i) => (
                <IndexTable.Row id={a.id} key={a.id} position={i}>
                  <IndexTable.Cell>{a.email}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{a.question}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{a.answer}</IndexTable.Cell>
                  <IndexTable.Cell>{a.campaignLabel}</IndexTable.Cell>
                  <IndexTable.Cell>{a.sourceLabel}</IndexTable.Cell>
                  <IndexTable.Cell>{when(a.answeredAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={CRM_BADGE[a.hubspot].tone}>{CRM_BADGE[a.hubspot].label}</Badge>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
            <TableCard
              title="Clicks that are not answers"
              description="Provisional: someone opened an answer link but did not confirm. Flagged: link-scanner activity (mail security products open every link). Held: the answer page confirmed by itself; it counts once its window passes. Void: several choices of one question opened from one email — a link scanner. None of these is counted or sent to HubSpot."
              resourceName={{ singular: "click", plural: "clicks" }}
              itemCount={clicks.length}
              empty="None."
              headings={[
                { title: "Customer" },
                { title: "Question" },
                { title: "Choice" },
                { title: "State" },
                { title: "Why" },
                { title: "Date" },
              ]}
            >
              {clicks.map((c, i) => (
                <IndexTable.Row id={c.id} key={c.id} position={i}>
                  <IndexTable.Cell>{c.email}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{c.question}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{c.answer}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={CLICK_TONE[c.state]}>{c.state}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>
                      {c.reason}
                      {c.heldUntil ? ` Counts at ${when(c.heldUntil)}.` : ""}
                    </WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{when(c.at)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
            <TableCard
              title="Texts that are not answers"
              description="Replies to your texts that fit no open question exactly, came when no question was open, or are keywords (STOP, START, HELP). Kept as they were sent, never guessed into an answer."
              resourceName={{ singular: "text", plural: "texts" }}
              itemCount={texts.length}
              empty="None."
              headings={[
                { title: "From" },
                { title: "Text" },
                { title: "Kind" },
                { title: "Why" },
                { title: "Date" },
              ]}
            >
              {texts.map((t, i) => (
                <IndexTable.Row id={t.id} key={t.id} position={i}>
                  <IndexTable.Cell>{t.email ?? t.fromPhone}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{t.body}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge>{t.outcomeLabel}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{t.reason}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{when(t.receivedAt)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

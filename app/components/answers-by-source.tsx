// The dashboard's "Answered" split by where customers answered: in the email, on the Thank-you page,
// on the Order status page (or by text). Counted as the funnel counts: per email asked, per order
// answered on a page.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { ANSWER_SOURCES, sourceLabel } from "../answers/sources";

export function AnswersBySource({ bySource }: { bySource: Record<string, number> }) {
  const total = Object.values(bySource).reduce((sum, n) => sum + n, 0);
  const known = ANSWER_SOURCES.filter((s) => (bySource[s] ?? 0) > 0);
  const others = Object.keys(bySource).filter((s) => !(ANSWER_SOURCES as readonly string[]).includes(s));
  const rows = [...known, ...others].map((source) => {
    const count = bySource[source] ?? 0;
    return [sourceLabel(source), count.toLocaleString("en"), `${Math.round((count / total) * 100)}%`];
  });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Answers by source
        </Text>
        {total === 0 ? (
          <Text as="p" tone="subdued">
            No answers in this period. Customers answer in the email, and on your Thank-you and Order status
            pages once the survey block is added there.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric"]}
            headings={["Answered on", "Answered", "Share"]}
            rows={rows}
          />
        )}
      </BlockStack>
    </Card>
  );
}

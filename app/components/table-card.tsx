// The admin's lists: a titled card around a read-only IndexTable that says, in a sentence, what an
// empty list means for the merchant.
import type { ReactNode } from "react";
import { BlockStack, Box, Card, IndexTable, Text, type IndexTableProps } from "@shopify/polaris";

export function TableCard(props: {
  title: string;
  description?: string;
  resourceName: { singular: string; plural: string };
  itemCount: number;
  headings: IndexTableProps["headings"];
  empty: ReactNode;
  children: ReactNode;
}) {
  const title = (
    <Text as="h2" variant="headingMd">
      {props.title}
    </Text>
  );
  return (
    <Card padding="0">
      <Box padding="400">
        {props.description ? (
          <BlockStack gap="100">
            {title}
            <Text as="p" tone="subdued">
              {props.description}
            </Text>
          </BlockStack>
        ) : (
          title
        )}
      </Box>
      <IndexTable
        resourceName={props.resourceName}
        itemCount={props.itemCount}
        selectable={false}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              {props.empty}
            </Text>
          </Box>
        }
        headings={props.headings}
      >
        {props.children}
      </IndexTable>
    </Card>
  );
}

/** Cell text that wraps onto more lines instead of widening the table past the window. */
export function WrappingText(props: { minWidth?: number; children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: props.minWidth ?? 160 }}>{props.children}</div>;
}

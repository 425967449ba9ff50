// The live preview of one email: subject and preheader, the HTML part in a sandboxed iframe (no
// scripts, no forms, no navigation), the AMP part's content and the plain-text part.
import { useState } from "react";
import { Badge, BlockStack, Box, Card, InlineStack, Select, Tabs, Text } from "@shopify/polaris";

export type PreviewData = {
  subject: string;
  preheader: string;
  html: string;
  ampDisplay: string | null;
  text: string;
};

export function EmailPreview(props: {
  steps: { id: string; label: string }[];
  stepId: string;
  onStepChange: (id: string) => void;
  preview: PreviewData | null;
  problem: string | null;
  loading: boolean;
}) {
  const [tab, setTab] = useState(0);
  const { preview } = props;
  const tabs = [
    { id: "html", content: "HTML" },
    { id: "amp", content: "AMP" },
    { id: "text", content: "Plain text" },
  ];
  const frame = (title: string, html: string) => (
    <iframe
      title={title}
      sandbox=""
      srcDoc={html}
      style={{
        width: "100%",
        height: 640,
        border: "1px solid var(--p-color-border)",
        borderRadius: 8,
        background: "#fff",
      }}
    />
  );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          {props.loading ? <Badge tone="info">Updating…</Badge> : <Badge>Sample data</Badge>}
        </InlineStack>
        {props.steps.length > 1 ? (
          <Select
            label="Email"
            options={props.steps.map((s) => ({ label: s.label, value: s.id }))}
            value={props.stepId}
            onChange={props.onStepChange}
          />
        ) : null}
        {props.problem ? (
          <div role="alert">
            <Text as="p" tone="critical">
              {props.problem}
            </Text>
          </div>
        ) : null}
        {preview ? (
          <BlockStack gap="200">
            <Box>
              <Text as="p" variant="bodySm" tone="subdued">
                Subject
              </Text>
              <Text as="p" variant="headingSm" id="preview-subject">
                {preview.subject}
              </Text>
              <Text as="p" tone="subdued">
                {preview.preheader}
              </Text>
            </Box>
            <Tabs tabs={tabs} selected={tab} onSelect={setTab} fitted />
            {tab === 0 ? frame("HTML email preview", preview.html) : null}
            {tab === 1 ? (
              preview.ampDisplay ? (
                <BlockStack gap="100">
                  <Text as="p" tone="subdued" variant="bodySm">
                    The interactive AMP part as Gmail and Yahoo show it, without AMP’s scripts (the questions
                    work in the mail client).
                  </Text>
                  {frame("AMP email preview", preview.ampDisplay)}
                </BlockStack>
              ) : (
                <Text as="p">This email has no AMP part.</Text>
              )
            ) : null}
            {tab === 2 ? (
              <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                <pre style={{ whiteSpace: "pre-wrap", margin: 0, fontFamily: "inherit" }}>{preview.text}</pre>
              </Box>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {props.loading ? "Rendering the preview…" : "Fix the highlighted fields to see the preview."}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

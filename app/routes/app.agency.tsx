// Agency tools: export this shop's configuration as a file; import one (from another client's
// store) or start from a preset — each shown first as the list of changes it would make, applied
// only when confirmed. A file with an unknown version or a bad template is refused, naming why.
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  DropZone,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { applyImport, planImport } from "../agency/agency.server";
import { readConfigFile, type ConfigFile } from "../agency/config-file";
import type { Change } from "../agency/diff";
import { PRESETS, presetById } from "../agency/presets";
import { downloadFile } from "../components/download";
import { FeedbackBanner, type ActionFeedback } from "../components/feedback";
import db from "../db.server";
import { formFields } from "../lib/form-data";
import { badRequest } from "../lib/responses.server";
import { authenticate } from "../shopify.server";
import { readShop } from "../shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await readShop(db, session.shop);
  return json({
    shopName: shop.name,
    presets: PRESETS.map(({ id, name, description }) => ({ id, name, description })),
  });
};

const actionSchema = z.intersection(
  z.object({ intent: z.enum(["preview", "apply"]) }),
  z.discriminatedUnion("source", [
    z.object({
      source: z.literal("file"),
      file: z.string().max(2_000_000),
      fileName: z.string().max(200).default("the file"),
    }),
    z.object({ source: z.literal("preset"), preset: z.string().max(40) }),
  ]),
);

type ActionResult =
  | { ok: false; intent: string; message: string; problems: string[] }
  | { ok: true; intent: "preview"; title: string; changes: Change[] }
  | { ok: true; intent: "apply"; message: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = actionSchema.safeParse(formFields(await request.formData()));
  if (!parsed.success) throw badRequest();
  const input = parsed.data;
  let file: ConfigFile;
  let title: string;
  if (input.source === "preset") {
    const preset = presetById(input.preset);
    if (!preset) throw badRequest("No such preset.");
    file = preset.file;
    title = `Preset “${preset.name}”`;
  } else {
    const read = readConfigFile(input.file);
    if (!read.ok)
      return json<ActionResult>(
        {
          ok: false,
          intent: input.intent,
          message: `${input.fileName} can’t be imported. Nothing was changed.`,
          problems: read.problems,
        },
        { status: 422 },
      );
    file = read.file;
    title = `${input.fileName}${file.source ? ` (from ${file.source})` : ""}`;
  }
  if (input.intent === "preview") {
    const plan = await planImport(db, session.shop, file);
    if (!plan.ok)
      return json<ActionResult>(
        {
          ok: false,
          intent: "preview",
          message: `${title} can’t be imported. Nothing was changed.`,
          problems: plan.problems,
        },
        { status: 422 },
      );
    return json<ActionResult>({ ok: true, intent: "preview", title, changes: plan.changes });
  }
  const applied = await applyImport(db, session.shop, file);
  if (!applied.ok)
    return json<ActionResult>(
      {
        ok: false,
        intent: "apply",
        message: `${title} can’t be imported. Nothing was changed.`,
        problems: applied.problems,
      },
      { status: 422 },
    );
  return json<ActionResult>({
    ok: true,
    intent: "apply",
    message: `Imported ${title}: ${applied.changes} ${applied.changes === 1 ? "change" : "changes"} applied.`,
  });
};

type Pending = { source: "file"; file: string; fileName: string } | { source: "preset"; preset: string };

export default function Agency() {
  const { shopName, presets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [pending, setPending] = useState<Pending | null>(null);
  const [exportFeedback, setExportFeedback] = useState<ActionFeedback | null>(null);
  const [exporting, setExporting] = useState(false);
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  const send = (intent: "preview" | "apply", what: Pending) => {
    setPending(what);
    submit({ intent, ...what }, { method: "post" });
  };
  const exportFile = async () => {
    setExporting(true);
    try {
      await downloadFile("/app/agency.json", "replyloop-config.json");
      setExportFeedback({ ok: true, message: "Configuration exported." });
    } catch (error) {
      setExportFeedback({
        ok: false,
        message: error instanceof Error ? error.message : "The export failed.",
      });
    } finally {
      setExporting(false);
    }
  };
  const onDrop = async (files: File[]) => {
    const file = files[0];
    if (file) send("preview", { source: "file", file: await file.text(), fileName: file.name });
  };

  const preview = result?.ok && result.intent === "preview" ? result : null;
  const feedback: ActionFeedback | null =
    result && !(result.ok && result.intent === "preview") ? { ok: result.ok, message: result.message } : null;

  return (
    <Page title="Agency tools" subtitle={`Move configurations between client stores. This is ${shopName}.`}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FeedbackBanner feedback={exportFeedback} />
            <FeedbackBanner feedback={feedback} />
            {result && !result.ok && result.problems.length ? (
              <Banner tone="critical" title="Problems in the configuration">
                <List>
                  {result.problems.slice(0, 20).map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              </Banner>
            ) : null}
            {preview && pending ? (
              <Card padding="0">
                <Box padding="400">
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Importing {preview.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {preview.changes.length
                        ? `${preview.changes.length} ${preview.changes.length === 1 ? "setting changes" : "settings change"} in ${shopName}. Nothing changes until you apply.`
                        : "This store already has exactly this configuration."}
                    </Text>
                  </BlockStack>
                </Box>
                {preview.changes.length ? (
                  <DataTable
                    columnContentTypes={["text", "text", "text"]}
                    headings={["Setting", "Now", "After import"]}
                    rows={preview.changes.map((c) => [c.label, c.before, c.after])}
                    truncate={false}
                  />
                ) : null}
                <Box padding="400">
                  <InlineStack gap="200" align="end">
                    <Button onClick={() => setPending(null)}>Cancel</Button>
                    <Button
                      variant="primary"
                      disabled={!preview.changes.length}
                      loading={busy === "apply"}
                      onClick={() => send("apply", pending)}
                    >
                      Apply {String(preview.changes.length)}{" "}
                      {preview.changes.length === 1 ? "change" : "changes"}
                    </Button>
                  </InlineStack>
                </Box>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Export this store’s configuration
                </Text>
                <Text as="p" tone="subdued">
                  Campaigns (on or off, delays, texts, questions, discount, tiers), settings and the HubSpot
                  property of every question, as a JSON file. No tokens and no customer data.
                </Text>
                <InlineStack>
                  <Button onClick={() => void exportFile()} loading={exporting}>
                    Download configuration
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Import a configuration
                </Text>
                <Text as="p" tone="subdued">
                  A file exported from another store. You’ll see every change before anything is applied.
                </Text>
                <DropZone
                  accept="application/json,.json"
                  allowMultiple={false}
                  type="file"
                  label="Configuration file"
                  onDrop={(files) => void onDrop(files)}
                >
                  <DropZone.FileUpload actionTitle="Choose a file" actionHint="or drop a .json file here" />
                </DropZone>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Start from a preset
                </Text>
                {presets.map((p) => (
                  <InlineStack key={p.id} align="space-between" blockAlign="center" gap="300" wrap={false}>
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        {p.name}
                      </Text>
                      <Text as="p" tone="subdued">
                        {p.description}
                      </Text>
                    </BlockStack>
                    <Button
                      accessibilityLabel={`Preview the ${p.name} preset`}
                      loading={busy === "preview" && pending?.source === "preset" && pending.preset === p.id}
                      onClick={() => send("preview", { source: "preset", preset: p.id })}
                    >
                      Preview
                    </Button>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

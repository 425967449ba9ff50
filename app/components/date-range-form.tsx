// Choosing the period of a report: presets (last 7/30/90 days) or two dates, submitted as a GET
// form so the period is in the URL (shareable, and the back button works). `extra` keeps other
// filters of the page.
import { useState, type ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { RANGE_PRESETS } from "../dashboard/range";

export function DateRangeForm(props: {
  from: string;
  to: string;
  days: number | null;
  problem?: string | null;
  children?: ReactNode;
}) {
  const preset =
    props.days !== null && (RANGE_PRESETS as readonly number[]).includes(props.days)
      ? String(props.days)
      : "custom";
  const [choice, setChoice] = useState(preset);
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end" wrap>
        {props.children}
        <Select
          label="Period"
          name={choice === "custom" ? undefined : "days"}
          options={[
            ...RANGE_PRESETS.map((d) => ({ label: `Last ${d} days`, value: String(d) })),
            { label: "Custom dates", value: "custom" },
          ]}
          value={choice}
          onChange={setChoice}
        />
        {choice === "custom" ? (
          <>
            <TextField
              label="From"
              type="date"
              name="from"
              autoComplete="off"
              value={from}
              onChange={setFrom}
              error={props.problem ?? undefined}
            />
            <TextField label="To" type="date" name="to" autoComplete="off" value={to} onChange={setTo} />
          </>
        ) : null}
        <Button submit>Apply</Button>
      </InlineStack>
    </Form>
  );
}

// The post-purchase survey on the store's Thank-you and Order status pages (the survey block): where
// the survey is asked (the delivery mode), the words the pages show besides the questions, and the
// merchant's translations of everything the pages show. Controlled, like the rest of the editor.
import { useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  DELIVERY_LABELS,
  DELIVERY_MODES,
  languageTagSchema,
  MAX_TRANSLATIONS,
  pageQuestion,
  translatableTexts,
  type DeliveryMode,
} from "../../campaigns/page-texts";
import type { PostPurchaseSettings } from "../../campaigns/settings";
import type { FieldErrors } from "../../lib/form-errors";

const isDelivery = (value: string): value is DeliveryMode =>
  (DELIVERY_MODES as readonly string[]).includes(value);

const HELP: Record<DeliveryMode, string> = {
  page_then_email:
    "Buyers answer right after paying, on the Thank-you page (or later, on the Order status page). Those who don’t get the survey email; an order answered on the page gets no email.",
  page_only: "Asked on the Thank-you and Order status pages only; no survey email is sent.",
  email_only: "The survey email only; the block on the store’s pages shows nothing.",
};

type Props = {
  settings: PostPurchaseSettings;
  onChange: (settings: PostPurchaseSettings) => void;
  errors: FieldErrors;
};

/** Where the survey is asked, and what the pages say besides the questions. */
export function PageDeliveryFields({ settings: s, onChange, errors }: Props) {
  const onPages = s.delivery !== "email_only";
  const page = (field: "thanks" | "error" | "retry" | "language", label: string, help?: string) => (
    <TextField
      label={label}
      autoComplete="off"
      value={s.page[field]}
      helpText={help}
      error={errors[`page.${field}`]}
      onChange={(value) => onChange({ ...s, page: { ...s.page, [field]: value } })}
    />
  );
  return (
    <BlockStack gap="300">
      <Select
        label="Ask the survey"
        options={DELIVERY_MODES.map((mode) => ({ label: DELIVERY_LABELS[mode], value: mode }))}
        value={s.delivery}
        helpText={HELP[s.delivery]}
        error={errors.delivery}
        onChange={(value) => isDelivery(value) && onChange({ ...s, delivery: value })}
      />
      {onPages && !pageQuestion(s.questions) ? (
        <Banner tone="warning">
          <p>
            The pages ask the survey’s scale (NPS) question, and this survey has none: they will show nothing.
          </p>
        </Banner>
      ) : null}
      {onPages ? (
        <>
          <Text as="p" tone="subdued">
            Add the “Replyloop NPS survey” block to your Thank-you and Order status pages in the checkout
            editor (Settings → Checkout → Customize). Its questions are the ones below, always as saved here.
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            {page("thanks", "Thank-you message")}
            {page("error", "When an answer can’t be saved")}
            {page("retry", "Retry button")}
            {page("language", "Language of your texts", "A language tag, e.g. en, fr or de-CH.")}
          </InlineGrid>
        </>
      ) : null}
    </BlockStack>
  );
}

/** The pages in other languages: per language, a translation of each text (empty: your wording). */
export function PageTranslationFields({ settings: s, onChange, errors }: Props) {
  const [adding, setAdding] = useState("");
  const languages = Object.keys(s.translations);
  const texts = translatableTexts(s.questions, s.page);
  const tag = languageTagSchema.safeParse(adding);
  const canAdd = tag.success && !languages.includes(tag.data) && languages.length < MAX_TRANSLATIONS;
  const set = (language: string, key: string, value: string) => {
    const current = { ...s.translations[language] };
    if (value.trim() === "") delete current[key];
    else current[key] = value;
    onChange({ ...s, translations: { ...s.translations, [language]: current } });
  };
  const remove = (language: string) => {
    const next = { ...s.translations };
    delete next[language];
    onChange({ ...s, translations: next });
  };
  return (
    <BlockStack gap="400">
      <Text as="p" tone="subdued">
        Buyers see the survey in their store language when you translated it (a text left empty shows your own
        wording). Emails are not translated.
      </Text>
      {languages.map((language) => (
        <BlockStack gap="200" key={language}>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {language}
            </Text>
            <Button variant="plain" tone="critical" onClick={() => remove(language)}>
              {`Remove ${language}`}
            </Button>
          </InlineStack>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
            {texts.map((t) => (
              <TextField
                key={t.key}
                label={`${t.label}: ${t.source}`}
                labelHidden={false}
                autoComplete="off"
                placeholder={t.source}
                value={s.translations[language]?.[t.key] ?? ""}
                error={errors[`translations.${language}.${t.key}`]}
                onChange={(value) => set(language, t.key, value)}
              />
            ))}
          </InlineGrid>
        </BlockStack>
      ))}
      <InlineStack gap="200" blockAlign="end">
        <TextField
          label="Add a language"
          autoComplete="off"
          placeholder="fr"
          value={adding}
          error={adding && !tag.success ? "A language tag, e.g. fr, de-CH or pt-BR." : undefined}
          onChange={setAdding}
        />
        <Button
          disabled={!canAdd}
          onClick={() => {
            if (!tag.success) return;
            onChange({ ...s, translations: { ...s.translations, [tag.data]: {} } });
            setAdding("");
          }}
        >
          Add language
        </Button>
      </InlineStack>
      {errors.translations ? (
        <Text as="p" tone="critical">
          {errors.translations}
        </Text>
      ) : null}
    </BlockStack>
  );
}

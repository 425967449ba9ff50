// A Polaris number field bound to a number (or null when left empty), optionally shown in another
// unit (minutes shown as hours: scale 60). Keeps what the merchant types ("1.") while it is not
// yet a number, so typing is never fought.
import { useEffect, useState } from "react";
import { TextField } from "@shopify/polaris";

type Props = {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  /** Stored value = shown value × scale, rounded to an integer when `integer` (default true). */
  scale?: number;
  integer?: boolean;
  suffix?: string;
  prefix?: string;
  helpText?: string;
  error?: string;
  min?: number;
  max?: number;
  step?: number;
  placeholder?: string;
};

const shown = (value: number | null, scale: number) =>
  value === null || Number.isNaN(value) ? "" : String(Math.round((value / scale) * 1000) / 1000);

export function NumberField({
  label,
  value,
  onChange,
  scale = 1,
  integer = true,
  suffix,
  prefix,
  helpText,
  error,
  min,
  max,
  step,
  placeholder,
}: Props) {
  const [text, setText] = useState(shown(value, scale));
  useEffect(() => {
    // Only when the value changed from outside (not from what is being typed).
    setText((current) =>
      current.trim() !== "" && Number(current) * scale === value ? current : shown(value, scale),
    );
  }, [value, scale]);
  return (
    <TextField
      label={label}
      type="number"
      autoComplete="off"
      value={text}
      onChange={(next) => {
        setText(next);
        if (next.trim() === "") return onChange(null);
        const n = Number(next) * scale;
        onChange(Number.isFinite(n) ? (integer ? Math.round(n) : n) : Number.NaN);
      }}
      suffix={suffix}
      prefix={prefix}
      helpText={helpText}
      error={error}
      min={min}
      max={max}
      step={step}
      placeholder={placeholder}
    />
  );
}

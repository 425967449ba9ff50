// A stored message as the RFC 5322 / MIME message a mail server would carry (multipart/alternative:
// text/plain, then text/x-amp-html, then text/html — clients show the last part they support). For
// the outbox: the sandbox and the admin can show it, or offer it as a .eml download.

export type StoredMessage = {
  id: string;
  headers: Record<string, string>;
  text: string;
  amp: string | null;
  html: string;
  submittedAt: Date | null;
  createdAt: Date;
};

// RFC 2047 encoded-word for header text that is not plain ASCII.
const needsEncoding = (s: string) => /[^\x20-\x7e]/.test(s);
const encodeWord = (s: string) => `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;

function headerValue(name: string, value: string): string {
  const clean = value.replace(/[\r\n]+/g, " ");
  if (!needsEncoding(clean)) return clean;
  if (/^(from|to|reply-to)$/i.test(name)) {
    // Only the display name of an address may be encoded.
    const address = /^"(.*)" <([^>]+)>$/.exec(clean);
    return address?.[1] && address[2] ? `${encodeWord(address[1])} <${address[2]}>` : clean;
  }
  return encodeWord(clean);
}

function base64Lines(text: string) {
  return (
    Buffer.from(text, "utf8")
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
}

export function toMime(message: StoredMessage, domain = "replyloop.local"): string {
  const boundary = `rl-${message.id.replace(/[^A-Za-z0-9]/g, "")}`;
  const date = message.submittedAt ?? message.createdAt;
  const headers = {
    ...message.headers,
    Date: date.toUTCString().replace("GMT", "+0000"),
    "Message-ID": `<${message.id}@${domain}>`,
    "MIME-Version": "1.0",
    "Content-Type": `multipart/alternative; boundary="${boundary}"`,
  };
  const parts: [string, string][] = [
    ["text/plain", message.text],
    ...(message.amp ? [["text/x-amp-html", message.amp] as [string, string]] : []),
    ["text/html", message.html],
  ];
  return [
    ...Object.entries(headers).map(([name, value]) => `${name}: ${headerValue(name, value)}`),
    "",
    ...parts.flatMap(([type, body]) => [
      `--${boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(body),
    ]),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

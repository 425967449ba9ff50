import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvStream } from "./csv";

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(7)).toBe("7");
  });

  it("defuses what a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-2)).toBe("-2"); // a number is data
  });

  it("ends lines with CRLF; the streamed document starts with a BOM and the header, then every batch", async () => {
    expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n');
    async function* batches() {
      yield [["1", "2"]];
      yield [];
      yield [
        ["3", "=x"],
        ["5", "6"],
      ];
    }
    const bytes = Buffer.from(await new Response(csvStream(["h1", "h2"], batches())).arrayBuffer());
    expect(bytes.toString("utf8")).toBe("\uFEFFh1,h2\r\n1,2\r\n3,'=x\r\n5,6\r\n");
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorsUnder, zodFieldErrors } from "./form-errors";

describe("form errors", () => {
  const schema = z.object({
    delay: z.number().int().min(0).max(90),
    content: z.object({ subject: z.string().max(5) }),
    reply: z.email(),
    items: z.array(z.string().min(1)).min(1),
  });

  it("keys each field's first problem by its path, worded for a merchant", () => {
    const result = schema.safeParse({
      delay: null,
      content: { subject: "too long" },
      reply: "nope",
      items: [""],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(zodFieldErrors(result.error)).toEqual({
      delay: "Enter a number.",
      "content.subject": "Use at most 5 characters.",
      reply: "Enter an email address.",
      "items.0": "Can’t be empty.",
    });
    expect(zodFieldErrors(result.error, "x.")).toHaveProperty("x.delay");
  });

  it("picks the errors under a prefix", () => {
    expect(errorsUnder({ "a.b": "1", a: "2", ab: "3", "c.d": "4" }, "a")).toEqual({ b: "1", "": "2" });
  });
});

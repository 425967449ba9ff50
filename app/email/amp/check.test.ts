import { describe, expect, it } from "vitest";
import { checkAmpEmail } from "./check";

const valid = (body = "<p>Hello</p>", head = "") => `<!doctype html>
<html ⚡4email data-css-strict>
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
${head}
<style amp4email-boilerplate>body{visibility:hidden}</style>
<style amp-custom>p{color:#333}</style>
</head>
<body>${body}</body>
</html>`;

const FORM_SCRIPT =
  '<script async custom-element="amp-form" src="https://cdn.ampproject.org/v0/amp-form-0.1.js"></script>';
const BIND_SCRIPT =
  '<script async custom-element="amp-bind" src="https://cdn.ampproject.org/v0/amp-bind-0.1.js"></script>';
const form = (attrs = 'method="post" action-xhr="https://app.example/amp/answer"') =>
  `<form ${attrs}><input type="radio" name="value" value="1"><div submit-success>ok</div></form>`;

describe("checkAmpEmail", () => {
  it("accepts a minimal AMP email, and one with a form, amp-img and amp-bind", () => {
    expect(checkAmpEmail(valid())).toEqual({ ok: true, errors: [] });
    const rich = valid(
      `${form('method="post" action-xhr="https://app.example/amp/answer" on="submit-success:AMP.setState({a: 1})"')}<div hidden [hidden]="a != 1">x</div><amp-img src="https://cdn.example/a.png" width="64" height="64" layout="fixed" alt=""></amp-img><a href="https://shop.example" target="_blank">shop</a><a href="mailto:x@example.com">mail</a>`,
      `${FORM_SCRIPT}\n${BIND_SCRIPT}`,
    );
    expect(checkAmpEmail(rich)).toEqual({ ok: true, errors: [] });
  });

  it.each([
    ["no ⚡4email", (d: string) => d.replace("⚡4email ", ""), "⚡4email"],
    ["no data-css-strict", (d: string) => d.replace(" data-css-strict", ""), "data-css-strict"],
    ["no doctype", (d: string) => d.replace("<!doctype html>", ""), "doctype"],
    [
      "no runtime",
      (d: string) => d.replace('<script async src="https://cdn.ampproject.org/v0.js"></script>', ""),
      "runtime",
    ],
    [
      "no boilerplate",
      (d: string) => d.replace("<style amp4email-boilerplate>body{visibility:hidden}</style>", ""),
      "boilerplate",
    ],
    ["a changed boilerplate", (d: string) => d.replace("body{visibility:hidden}", "body{}"), "boilerplate"],
    [
      "meta charset not first",
      (d: string) =>
        d.replace(
          '<meta charset="utf-8">\n<script async src="https://cdn.ampproject.org/v0.js"></script>',
          '<script async src="https://cdn.ampproject.org/v0.js"></script>\n<meta charset="utf-8">',
        ),
      "first child",
    ],
    [
      "an external script",
      (d: string) => d.replace("</head>", '<script async src="https://evil.example/x.js"></script></head>'),
      "only the AMP runtime",
    ],
    ["an inline script", (d: string) => d.replace("<p>Hello</p>", "<script>alert(1)</script>"), "script"],
    [
      "a disallowed extension",
      (d: string) =>
        d.replace(
          "</head>",
          '<script async custom-element="amp-iframe" src="https://cdn.ampproject.org/v0/amp-iframe-0.1.js"></script></head>',
        ),
      "amp-iframe",
    ],
    [
      "an extension from elsewhere",
      (d: string) =>
        d.replace(
          "</head>",
          '<script async custom-element="amp-form" src="https://evil.example/amp-form-0.1.js"></script></head>',
        ),
      "must load from",
    ],
    ["<img>", (d: string) => d.replace("<p>Hello</p>", '<img src="https://cdn.example/a.png">'), "<img>"],
    [
      "<iframe>",
      (d: string) => d.replace("<p>Hello</p>", '<iframe src="https://x.example"></iframe>'),
      "<iframe>",
    ],
    [
      "<link>",
      (d: string) => d.replace("</head>", '<link rel="stylesheet" href="https://x.example/a.css"></head>'),
      "<link>",
    ],
    ["another <style>", (d: string) => d.replace("</head>", "<style>p{}</style></head>"), "<style>"],
    ["!important", (d: string) => d.replace("p{color:#333}", "p{color:#333!important}"), "!important"],
    [
      "an event handler attribute",
      (d: string) => d.replace("<p>Hello</p>", '<p onclick="x()">Hello</p>'),
      "onclick",
    ],
    [
      "a javascript: link",
      (d: string) => d.replace("<p>Hello</p>", '<a href="javascript:alert(1)">x</a>'),
      "javascript",
    ],
    [
      "a form without action-xhr",
      (d: string) =>
        d
          .replace("<p>Hello</p>", form('method="post" action="https://x.example"'))
          .replace("</head>", `${FORM_SCRIPT}</head>`),
      "action",
    ],
    [
      "a GET form",
      (d: string) =>
        d
          .replace("<p>Hello</p>", form('method="get" action-xhr="https://x.example"'))
          .replace("</head>", `${FORM_SCRIPT}</head>`),
      "method=post",
    ],
    [
      "an http action-xhr",
      (d: string) =>
        d
          .replace("<p>Hello</p>", form('method="post" action-xhr="http://x.example/a"'))
          .replace("</head>", `${FORM_SCRIPT}</head>`),
      "https",
    ],
    ["a form without amp-form", (d: string) => d.replace("<p>Hello</p>", form()), "amp-form is used"],
    [
      "amp-bind without its script",
      (d: string) => d.replace("<p>Hello</p>", '<div [hidden]="x">a</div>'),
      "amp-bind is used",
    ],
    [
      "an amp-img without size",
      (d: string) => d.replace("<p>Hello</p>", '<amp-img src="https://cdn.example/a.png" alt=""></amp-img>'),
      "width and height",
    ],
    [
      "a conditional comment",
      (d: string) => d.replace("<p>Hello</p>", "<!--[if mso]><p>x</p><![endif]-->"),
      "conditional",
    ],
    [
      "unrendered Liquid in a URL",
      (d: string) => d.replace("<p>Hello</p>", '<a href="{{ url }}">x</a>'),
      "unrendered",
    ],
    [
      "xmlns",
      (d: string) => d.replace("<html ⚡4email", '<html xmlns="http://www.w3.org/1999/xhtml" ⚡4email'),
      "xmlns",
    ],
  ])("refuses %s", (_, mutate, expected) => {
    const result = checkAmpEmail(mutate(valid()));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toContain(expected);
  });

  it("allows http only for the hosts it is told to (local tests)", () => {
    const doc = valid(form('method="post" action-xhr="http://127.0.0.1:3000/amp/answer"'), FORM_SCRIPT);
    expect(checkAmpEmail(doc).ok).toBe(false);
    expect(checkAmpEmail(doc, { httpHosts: ["127.0.0.1"] }).ok).toBe(true);
  });
});

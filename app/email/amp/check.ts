// A structural check of AMP for Email markup (the official validator cannot be downloaded here).
// It covers what the AMP for Email spec requires of every document — the ⚡4email html, the v0
// runtime, the boilerplate, meta charset first — and what it forbids: scripts beyond the runtime
// and the extensions allowed in email, author styles outside <style amp-custom>, tags like <img>,
// <iframe>, <link>, event-handler attributes, javascript: URLs, forms that are not action-xhr POSTs.
import { Parser } from "htmlparser2";

export const AMP_CDN = "https://cdn.ampproject.org";
export const AMP_RUNTIME_SRC = `${AMP_CDN}/v0.js`;
const BOILERPLATE = "body{visibility:hidden}";
const MAX_CSS_BYTES = 75_000;

/** Extensions AMP for Email allows (amp.dev, "Supported components in AMP for Email"). */
export const EMAIL_EXTENSIONS = new Set([
  "amp-accordion",
  "amp-anim",
  "amp-bind",
  "amp-carousel",
  "amp-date-display",
  "amp-fit-text",
  "amp-form",
  "amp-image-lightbox",
  "amp-img",
  "amp-layout",
  "amp-lightbox",
  "amp-list",
  "amp-mustache",
  "amp-selector",
  "amp-sidebar",
  "amp-timeago",
]);
/** Built into the runtime: no script needed. */
const BUILT_IN = new Set(["amp-img", "amp-layout"]);

const DISALLOWED_TAGS = new Set([
  "applet",
  "audio",
  "base",
  "canvas",
  "embed",
  "frame",
  "frameset",
  "iframe",
  "img",
  "link",
  "map",
  "noscript",
  "object",
  "param",
  "picture",
  "source",
  "track",
  "video",
]);
const DISALLOWED_INPUT_TYPES = new Set(["file", "image", "password"]);
const URL_ATTRIBUTES = new Set(["href", "src", "action-xhr", "srcset", "poster"]);
const NO_SIZE_LAYOUTS = new Set(["fill", "flex-item", "nodisplay", "container"]);

export type AmpCheckOptions = {
  /** Hosts allowed to be http:// in action-xhr and amp-img src (tests on 127.0.0.1). */
  httpHosts?: readonly string[];
};

export type AmpCheckResult = { ok: boolean; errors: string[] };

export function checkAmpEmail(document: string, options: AmpCheckOptions = {}): AmpCheckResult {
  const errors: string[] = [];
  const httpHosts = new Set(options.httpHosts ?? []);
  const stack: string[] = [];
  const declared = new Map<string, string>(); // extension → src
  const used = new Set<string>();
  let sawHtml = false;
  let sawHead = false;
  let sawBody = false;
  let headChildren = 0;
  let metaCharsetFirst = false;
  let runtimeScripts = 0;
  let boilerplate = 0;
  let customStyles = 0;
  let cssBytes = 0;
  let styleKind: "boilerplate" | "custom" | "other" | null = null;
  let styleText = "";
  let scriptOpen = false;

  const unrendered = (value: string) => value.includes("{{") || value.includes("{%");
  /** Resource and form URLs: absolute https (http only for the hosts the options allow). */
  const secureUrl = (value: string, what: string) => {
    if (unrendered(value)) return errors.push(`${what}: unrendered template syntax in URL`);
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      return errors.push(`${what}: must be an absolute URL, got "${value}"`);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && httpHosts.has(url.hostname)))
      errors.push(`${what}: must be https, got "${value}"`);
  };
  /** Links: web, mail and phone links only. */
  const linkUrl = (value: string) => {
    if (unrendered(value)) return errors.push("<a href>: unrendered template syntax in URL");
    const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
    if (scheme && !["http", "https", "mailto", "tel"].includes(scheme))
      errors.push(`<a href>: ${scheme}: links are not allowed`);
  };

  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        if (name.toLowerCase() === "!doctype" && !/^!doctype html$/i.test(data.trim()))
          errors.push(`doctype must be <!doctype html>, got <${data}>`);
      },
      onopentag(name, attrs) {
        const parent = stack[stack.length - 1];
        stack.push(name);
        if (parent === "head") headChildren++;
        const attrNames = Object.keys(attrs);

        // Attributes allowed nowhere.
        for (const attr of attrNames) {
          if (/^on.+/.test(attr)) errors.push(`<${name}>: event handler attribute "${attr}" is not allowed`);
          if (/^xmlns/.test(attr)) errors.push(`<${name}>: "${attr}" is not allowed`);
          if (/^i-amp/.test(attr)) errors.push(`<${name}>: reserved attribute "${attr}"`);
          if (attr === "[href]" || attr === "[src]")
            errors.push(`<${name}>: binding ${attr} is not allowed in email`);
          if (attr.startsWith("[")) used.add("amp-bind");
          if (URL_ATTRIBUTES.has(attr) && /^\s*(javascript|vbscript):/i.test(attrs[attr] ?? ""))
            errors.push(`<${name}>: ${attr} with a script URL`);
        }
        for (const attr of ["id", "class", "name"]) {
          const value = attrs[attr];
          if (value && /(^|\s)(-amp-|i-amp)/.test(value))
            errors.push(`<${name}>: reserved ${attr} "${value}"`);
        }
        if (attrs.on && /AMP\.setState/.test(attrs.on)) used.add("amp-bind");
        if (attrs.style !== undefined) {
          if (/!important/i.test(attrs.style))
            errors.push(`<${name}>: !important is not allowed in inline styles`);
          cssBytes += Buffer.byteLength(attrs.style);
        }

        if (DISALLOWED_TAGS.has(name)) errors.push(`<${name}> is not allowed in AMP for Email`);
        if (name.startsWith("amp-")) {
          if (!EMAIL_EXTENSIONS.has(name)) errors.push(`<${name}> is not allowed in AMP for Email`);
          if (!BUILT_IN.has(name)) used.add(name);
        }

        switch (name) {
          case "html":
            sawHtml = true;
            if (!("⚡4email" in attrs) && !("amp4email" in attrs))
              errors.push("<html> must carry ⚡4email (or amp4email)");
            if (!("data-css-strict" in attrs)) errors.push("<html> must carry data-css-strict");
            break;
          case "head":
            sawHead = true;
            break;
          case "body":
            sawBody = true;
            break;
          case "meta":
            if (attrs.charset !== undefined) {
              if (attrs.charset.toLowerCase() !== "utf-8")
                errors.push(`meta charset must be utf-8, got ${attrs.charset}`);
              if (parent === "head" && headChildren === 1) metaCharsetFirst = true;
            } else if (attrs.name !== "viewport") errors.push(`<meta ${attrNames.join(" ")}> is not allowed`);
            break;
          case "script": {
            scriptOpen = true;
            const src = attrs.src ?? "";
            const element = attrs["custom-element"] ?? attrs["custom-template"];
            if (!("async" in attrs)) errors.push(`<script src="${src}"> must be async`);
            if (element === undefined) {
              if (src === AMP_RUNTIME_SRC) runtimeScripts++;
              else
                errors.push(
                  `<script${src ? ` src="${src}"` : ""}>: only the AMP runtime and AMP extensions are allowed`,
                );
            } else if (!EMAIL_EXTENSIONS.has(element)) {
              errors.push(`extension ${element} is not allowed in AMP for Email`);
            } else if (
              !new RegExp(`^${AMP_CDN.replace(/\./g, "\\.")}/v0/${element}-\\d+\\.\\d+\\.js$`).test(src)
            ) {
              errors.push(
                `extension ${element} must load from ${AMP_CDN}/v0/${element}-<version>.js, got "${src}"`,
              );
            } else {
              declared.set(element, src);
            }
            if (parent !== "head") errors.push(`<script src="${src}"> must be in <head>`);
            break;
          }
          case "style":
            if ("amp4email-boilerplate" in attrs) styleKind = "boilerplate";
            else if ("amp-custom" in attrs) {
              styleKind = "custom";
              customStyles++;
            } else {
              styleKind = "other";
              errors.push("<style> must be amp4email-boilerplate or amp-custom");
            }
            styleText = "";
            break;
          case "form":
            used.add("amp-form");
            if ("action" in attrs) errors.push("<form>: action is not allowed, use action-xhr");
            if ((attrs.method ?? "get").toLowerCase() !== "post") errors.push("<form> must use method=post");
            if (!attrs["action-xhr"]) errors.push("<form> needs action-xhr");
            else secureUrl(attrs["action-xhr"], "<form action-xhr>");
            break;
          case "input":
            if (attrs.type && DISALLOWED_INPUT_TYPES.has(attrs.type.toLowerCase()))
              errors.push(`<input type=${attrs.type}> is not allowed`);
            break;
          case "a":
            if (attrs.target !== undefined && attrs.target !== "_blank")
              errors.push(`<a target="${attrs.target}">: only _blank is allowed`);
            if (attrs.href !== undefined) linkUrl(attrs.href);
            break;
          case "amp-img": {
            if (!attrs.src) errors.push("<amp-img> needs src");
            else secureUrl(attrs.src, "<amp-img src>");
            const layout = attrs.layout ?? "";
            const sized =
              (attrs.width !== undefined && attrs.height !== undefined) ||
              NO_SIZE_LAYOUTS.has(layout) ||
              (layout === "fixed-height" && attrs.height !== undefined);
            if (!sized) errors.push(`<amp-img src="${attrs.src ?? ""}"> needs width and height`);
            break;
          }
          case "template":
            if (attrs.type !== "amp-mustache") errors.push('<template> must be type="amp-mustache"');
            else used.add("amp-mustache");
            break;
        }
      },
      ontext(text) {
        if (styleKind) styleText += text;
        else if (scriptOpen && text.trim()) errors.push("inline <script> content is not allowed");
      },
      onclosetag(name) {
        stack.pop();
        if (name === "script") scriptOpen = false;
        if (name === "style" && styleKind) {
          if (styleKind === "boilerplate") {
            boilerplate++;
            if (styleText.replace(/\s+/g, "") !== BOILERPLATE)
              errors.push(`<style amp4email-boilerplate> must be exactly ${BOILERPLATE}`);
          } else if (styleKind === "custom") {
            if (/!important/i.test(styleText)) errors.push("!important is not allowed in <style amp-custom>");
            cssBytes += Buffer.byteLength(styleText);
          }
          styleKind = null;
        }
      },
      oncomment(text) {
        if (/^\s*\[if\b|<!\[endif\]/i.test(text)) errors.push("conditional comments are not allowed");
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  if (!/^\s*<!doctype html>/i.test(document)) errors.push("the document must start with <!doctype html>");
  parser.write(document);
  parser.end();

  if (!sawHtml) errors.push("<html> is missing");
  if (!sawHead) errors.push("<head> is missing");
  if (!sawBody) errors.push("<body> is missing");
  if (!metaCharsetFirst) errors.push('<meta charset="utf-8"> must be the first child of <head>');
  if (runtimeScripts !== 1)
    errors.push(
      `the AMP runtime (${AMP_RUNTIME_SRC}) must be included exactly once, found ${runtimeScripts}`,
    );
  if (boilerplate !== 1)
    errors.push(`<style amp4email-boilerplate> must appear exactly once, found ${boilerplate}`);
  if (customStyles > 1) errors.push("only one <style amp-custom> is allowed");
  if (cssBytes > MAX_CSS_BYTES) errors.push(`CSS is ${cssBytes} bytes, more than ${MAX_CSS_BYTES}`);
  for (const extension of used) {
    if (!declared.has(extension)) errors.push(`${extension} is used but its script is not included`);
  }
  return { ok: errors.length === 0, errors };
}

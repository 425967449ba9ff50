// The sandbox page's script (page.html): polls /sandbox/state, draws what it says, and sends the
// buttons' actions to /sandbox/act. Plain browser JavaScript, no build step.
(() => {
  const HOUR = 3600000;
  const TONE = {
    sent: "success",
    answered: "success",
    converted: "success",
    cancelled: "critical",
    failed: "critical",
    skipped: "attention",
    postponed: "attention",
    entered: "info",
  };
  const $ = (id) => document.getElementById(id);
  let state = null;
  let busy = false;
  let openMessage = null;

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const when = (iso) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone: state.shop.timezone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(iso));

  function banner(ok, message) {
    const node = $("banner");
    node.hidden = false;
    node.className = `banner ${ok ? "ok" : "error"}`;
    node.textContent = message;
  }

  async function act(fields) {
    if (busy) return;
    busy = true;
    draw();
    try {
      const res = await fetch("/sandbox/act", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(fields),
      });
      const body = await res.json().catch(() => ({ ok: false, message: `failed (${res.status})` }));
      banner(body.ok, body.message);
    } catch (error) {
      banner(false, String(error));
    } finally {
      busy = false;
      await refresh();
    }
  }

  function fillSelect(select, options) {
    const current = select.value;
    select.replaceChildren(...options.map(([value, label]) => el("option", { value, text: label })));
    if (options.some(([value]) => value === current)) select.value = current;
  }

  function drawStore(store) {
    fillSelect(
      $("customer"),
      store.customers.map((c) => [
        c.id,
        `${c.name} · ${c.marketingState.toLowerCase()} · ${c.numberOfOrders} orders, $${c.amountSpent}` +
          (c.tags.length ? ` · ${c.tags.join(", ")}` : ""),
      ]),
    );
    fillSelect(
      $("product"),
      store.products.map((p) => [p.id, `${p.title} (${p.variant}) $${p.price}`]),
    );
    const customerId = $("customer").value;
    const customer = store.customers.find((c) => c.id === customerId);
    const open = store.checkouts.filter((c) => c.customerId === customerId && !c.completed);
    $("order").textContent = open.length ? "Order from the open checkout" : "Place an order";
    $("order").onclick = () => act({ intent: "order", customerId, checkoutToken: open[0]?.token ?? "" });
    $("abandon").onclick = () => act({ intent: "abandon", customerId, productId: $("product").value });
    $("vip").onclick = () => act({ intent: "vip", customerId, amount: "1200.00" });
    $("subscriber").onclick = () => act({ intent: "subscriber" });
    const subscribed = customer?.marketingState === "SUBSCRIBED";
    $("consent").textContent = subscribed ? "Unsubscribe from marketing" : "Subscribe to marketing";
    $("consent").onclick = () =>
      act({ intent: "consent", customerId, state: subscribed ? "unsubscribed" : "subscribed" });
    const texting = customer?.smsMarketingState === "SUBSCRIBED";
    $("sms-consent").textContent = texting ? "Unsubscribe from texts" : "Subscribe to texts";
    $("sms-consent").onclick = () =>
      act({ intent: "sms_consent", customerId, state: texting ? "unsubscribed" : "subscribed" });
    drawPhone(store.phone);
    $("fulfil").replaceChildren(
      ...store.orders
        .filter((o) => !o.fulfilled)
        .map((o) =>
          el("button", {
            type: "button",
            text: `Fulfil ${o.name}`,
            onclick: () => act({ intent: "fulfil", orderId: o.id }),
          }),
        ),
    );
    $("portal").textContent = `portal ${store.hubspot.portalId}`;
    $("contacts").replaceChildren(
      ...(store.hubspot.contacts.length
        ? store.hubspot.contacts.map((c) =>
            el(
              "div",
              { class: "contact" },
              el(
                "header",
                {},
                el("h3", { text: c.email }),
                el(
                  "div",
                  { class: "row" },
                  ...["silver", "gold"].map((tier) =>
                    el("button", {
                      type: "button",
                      text: `Rep sets ${tier}`,
                      onclick: () => act({ intent: "hubspot_tier", email: c.email, tier }),
                    }),
                  ),
                ),
              ),
              el(
                "ul",
                { "aria-label": `Properties of ${c.email}` },
                ...Object.entries(c.properties)
                  .filter(([name]) => name.startsWith("replyloop_"))
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([name, value]) =>
                    el(
                      "li",
                      { class: "property", "aria-label": `${name}: ${value}` },
                      el("span", { class: "subdued", text: name }),
                      el("b", { text: value }),
                    ),
                  ),
              ),
            ),
          )
        : [
            el("p", {
              class: "subdued",
              text: "No contact yet: Replyloop writes contacts as customers answer.",
            }),
          ]),
    );
  }

  /** The phone of one customer: the shop's texts and their replies, and a box to reply from it. */
  function drawPhone(phone) {
    $("phone-number").textContent = phone.number ? `Texts from the shop's number ${phone.number}` : "";
    fillSelect(
      $("phone-owner"),
      phone.phones.map((p) => [p.customerId, `${p.name} · ${p.phone}`]),
    );
    const owner = phone.phones.find((p) => p.customerId === $("phone-owner").value);
    $("phone-consent").textContent = owner
      ? `SMS marketing: ${owner.smsMarketingState.toLowerCase()}${owner.optedOut ? " · Twilio blocks texts (STOP)" : ""}`
      : "";
    const bubbles = $("bubbles");
    const count = owner ? owner.texts.length : 0;
    if (bubbles.dataset.count !== `${owner?.customerId}:${count}`) {
      bubbles.dataset.count = `${owner?.customerId}:${count}`;
      bubbles.replaceChildren(
        ...(owner && owner.texts.length
          ? owner.texts.map((t) =>
              el(
                "div",
                { class: `bubble ${t.direction}` },
                el("span", { text: t.body }),
                // Twilio's status, not its timestamp: Twilio keeps real time, the sandbox's clock is moved.
                el("small", { text: t.status }),
              ),
            )
          : [el("p", { class: "subdued", text: "No texts yet." })]),
      );
      bubbles.scrollTop = bubbles.scrollHeight;
    }
    $("phone-send").onclick = () => {
      const body = $("phone-reply").value.trim();
      if (!owner || !body) return;
      $("phone-reply").value = "";
      void act({ intent: "text", customerId: owner.customerId, body });
    };
  }

  function openReader(id) {
    openMessage = id;
    const frame = el("iframe", { title: "Email", name: "sandbox-email", src: `/sandbox/messages/${id}` });
    // Following a link in the email is a click, as SendGrid's click tracking would report it.
    frame.addEventListener("load", () => {
      frame.contentDocument?.addEventListener("click", (event) => {
        // The target belongs to the frame's document: not an `Element` of this window.
        const link = typeof event.target?.closest === "function" ? event.target.closest("a[href]") : null;
        if (link) navigator.sendBeacon(`/sandbox/messages/${id}/click`);
      });
    });
    $("reader").replaceChildren(frame);
    draw();
  }

  function draw() {
    if (!state) return;
    $("subtitle").textContent = `${state.shop.name} (${state.shop.domain}) · everything runs on this machine`;
    $("now").textContent = when(state.now);
    $("offset").textContent =
      `${state.shop.timezone} · ` +
      (state.offsetMs > 0 ? `${Math.round(state.offsetMs / HOUR)} h ahead of real time` : "real time");
    for (const button of document.querySelectorAll("button")) button.disabled = busy;
    const storeError = $("store-error");
    storeError.hidden = !state.storeError;
    storeError.textContent = state.storeError
      ? `The simulated store is not answering (${state.storeError}).`
      : "";
    if (state.store) drawStore(state.store);
    $("survey-channel").value = state.surveyChannel;

    $("pending").replaceChildren(
      ...(state.pending.length
        ? state.pending.map((s) =>
            el("p", { text: `${when(s.runAt)} · ${s.campaign} / ${s.step} → ${s.email}` }),
          )
        : [el("p", { class: "subdued", text: "Nothing scheduled." })]),
    );
    $("recovered").textContent =
      `Recovered revenue: ${state.recovered.orders} order(s), ` +
      `${(state.recovered.amountCents / 100).toFixed(2)} ${state.shop.currency}`;

    $("messages").replaceChildren(
      ...(state.messages.length
        ? state.messages.map((m) =>
            el("button", {
              type: "button",
              "aria-label": `Open email: ${m.subject}`,
              "aria-pressed": String(openMessage === m.id),
              text: `${m.subject} — ${m.toEmail} (${m.campaign}/${m.step}, ${m.status})`,
              onclick: () => openReader(m.id),
            }),
          )
        : [
            el("p", {
              class: "subdued",
              text: "No email yet. Abandon a checkout, then move the clock 1 hour.",
            }),
          ]),
    );

    $("timeline-empty").hidden = state.timeline.length > 0;
    $("timeline").replaceChildren(
      ...state.timeline.map((d) =>
        el(
          "li",
          {},
          el("span", { class: `badge ${TONE[d.kind] ?? ""}`, text: d.kind }),
          el("span", { text: `${when(d.at)} · ${d.campaign}${d.email ? ` · ${d.email}` : ""}` }),
          ...(d.reason ? [el("div", { class: "subdued", text: d.reason })] : []),
        ),
      ),
    );
    for (const button of document.querySelectorAll("button")) button.disabled = busy;
  }

  async function refresh() {
    try {
      const res = await fetch("/sandbox/state", { cache: "no-store" });
      if (res.ok) state = await res.json();
    } catch {
      // The app is restarting: the next poll tries again.
    }
    draw();
    // Other panels (thank-you-panel.js) draw from the same state.
    if (state) document.dispatchEvent(new window.CustomEvent("sandbox:state", { detail: state }));
  }

  for (const button of document.querySelectorAll("[data-advance]"))
    button.addEventListener("click", () => act({ intent: "advance", hours: button.dataset.advance }));
  $("customer").addEventListener("change", draw);
  $("phone-owner").addEventListener("change", draw);
  $("survey-channel").addEventListener("change", () =>
    act({ intent: "survey_channel", mode: $("survey-channel").value }),
  );
  setInterval(() => {
    if (!busy) void refresh();
  }, 1500);
  void refresh();
})();

// The sandbox page's "Thank-you page" panel: the Thank-you page of the store's latest order, with the
// real survey block on it (/sandbox/thank-you, framed with sandbox="allow-scripts" so the block
// talks to the app from a `null` origin, as on Shopify). Follows the state page.js fetches.
(() => {
  const $ = (id) => document.getElementById(id);
  let shown = "";

  function draw(state) {
    const store = state && state.store;
    if (!store) return;
    const order = store.orders[store.orders.length - 1];
    const panel = $("thankyou-page");
    if (!order) {
      shown = "";
      panel.replaceChildren(
        Object.assign(document.createElement("p"), {
          className: "subdued",
          textContent: "Place an order: its Thank-you page, with the survey block, shows here.",
        }),
      );
      return;
    }
    const locale = $("thankyou-locale").value;
    const key = `${order.id}:${locale}`;
    if (key === shown) return;
    shown = key;
    const customer = store.customers.find((c) => c.id === order.customerId);
    const title = document.createElement("p");
    title.textContent = `Order ${order.name} is confirmed. Thank you${customer ? `, ${customer.name.split(" ")[0]}` : ""}!`;
    const frame = document.createElement("iframe");
    frame.title = "Thank-you page block";
    frame.className = "thankyou";
    frame.setAttribute("sandbox", "allow-scripts");
    frame.src = `/sandbox/thank-you?order=${encodeURIComponent(order.id)}&locale=${encodeURIComponent(locale)}`;
    panel.replaceChildren(title, frame);
  }

  let last = null;
  document.addEventListener("sandbox:state", (event) => {
    last = event.detail;
    draw(last);
  });
  $("thankyou-locale").addEventListener("change", () => draw(last));
})();

// The Thank-you page around the survey block (thank-you.html): a stand-in for Shopify's `shopify`
// global — this order, the buyer's language, a session token from /sandbox/checkout-token — and for
// the Polaris web components the block renders (a button is a button, a heading a heading). Then
// the real bundle is loaded; it registers its targets with `shopify.extend`, and the Thank-you one
// is run, as Shopify runs it. Plain browser JavaScript, no build step.
(function () {
  var settings = JSON.parse(document.getElementById("settings").textContent);

  function define(name, connected) {
    window.customElements.define(
      name,
      class extends window.HTMLElement {
        connectedCallback() {
          if (this.dataset.ready) return;
          this.dataset.ready = "1";
          connected(this);
        }
      },
    );
  }
  define("s-button", function (el) {
    el.setAttribute("role", "button");
    el.tabIndex = 0;
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") el.click();
    });
  });
  define("s-heading", function (el) {
    el.setAttribute("role", "heading");
    el.setAttribute("aria-level", "2");
  });
  ["s-box", "s-stack", "s-text"].forEach(function (name) {
    define(name, function () {});
  });

  var targets = {};
  var token = null;
  var expiresAt = 0;
  window.shopify = {
    extend: function (target, run) {
      targets[target] = run;
    },
    orderConfirmation: { value: { order: { id: settings.orderId }, isFirstOrder: false } },
    localization: { language: { value: { isoCode: settings.locale } } },
    sessionToken: {
      get: function () {
        if (token && Date.now() < expiresAt - 10000) return Promise.resolve(token);
        return fetch("/sandbox/checkout-token?order=" + encodeURIComponent(settings.order))
          .then(function (res) {
            return res.json();
          })
          .then(function (body) {
            token = body.token;
            expiresAt = body.expiresAt;
            return token;
          });
      },
    },
  };

  if (!settings.bundle) {
    document.body.textContent = "The survey block was not built (npm run build:extensions).";
    return;
  }
  var script = document.createElement("script");
  script.src = settings.bundle;
  script.onload = function () {
    var run = targets["purchase.thank-you.block.render"];
    if (run) run();
  };
  document.body.appendChild(script);
})();

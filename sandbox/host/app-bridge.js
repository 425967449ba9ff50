// Stands in for App Bridge (which the Shopify admin provides and the sandbox cannot load): gives
// every request of the embedded admin a fresh session token, and offers `shopify.toast`. Served
// by the sandbox (sandbox/host/router.ts) as /sandbox/app-bridge.js.
(function () {
  var token = null,
    expiresAt = 0,
    pending = null;
  // The store this admin was opened for: in the first URL, remembered for in-app navigation.
  var shop =
    new URLSearchParams(location.search).get("shop") ||
    sessionStorage.getItem("replyloop-sandbox-shop") ||
    "";
  if (shop) sessionStorage.setItem("replyloop-sandbox-shop", shop);
  var original = window.fetch.bind(window);
  function idToken() {
    if (token && Date.now() < expiresAt - 10000) return Promise.resolve(token);
    if (!pending)
      pending = original("/sandbox/session-token?shop=" + encodeURIComponent(shop))
        .then(function (r) {
          return r.json();
        })
        .then(function (j) {
          token = j.token;
          expiresAt = j.expiresAt;
          pending = null;
          return token;
        });
    return pending;
  }
  window.fetch = function (input, init) {
    var url = new URL(
      typeof input === "string" || input instanceof URL ? String(input) : input.url,
      location.href,
    );
    if (url.origin !== location.origin || url.pathname.indexOf("/sandbox/") === 0)
      return original(input, init);
    return idToken().then(function (t) {
      var headers = new Headers(
        (init && init.headers) || (input instanceof Request ? input.headers : undefined),
      );
      headers.set("Authorization", "Bearer " + t);
      return original(
        input instanceof Request ? new Request(input, { headers: headers }) : input,
        Object.assign({}, init, { headers: headers }),
      );
    });
  };
  function toast(message) {
    var el = document.createElement("div");
    el.textContent = message;
    el.setAttribute("role", "status");
    el.style.cssText =
      "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);background:#303030;color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui;z-index:1000";
    document.body.appendChild(el);
    setTimeout(function () {
      el.remove();
    }, 3000);
  }
  window.shopify = window.shopify || { idToken: idToken, toast: { show: toast }, config: {} };
  var style = document.createElement("style");
  style.textContent =
    "ui-nav-menu{display:flex;gap:20px;padding:12px 20px;background:#fff;border-bottom:1px solid #e3e3e3;font:14px system-ui}ui-nav-menu a{color:#303030}";
  document.head.appendChild(style);
})();

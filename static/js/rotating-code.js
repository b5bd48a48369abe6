// A rotating code on the holder's phone (fair ticket): fetch the next QR code and short code before this one expires.
// Markup: [data-rotating-code][data-code-url][data-msg-retry] holding img[data-rotating-qr], [data-rotating-short],
// [data-rotating-full] and [data-rotating-status]. The URL answers {qr, short_code, token, expires_in}.
(function () {
  "use strict";
  var box = document.querySelector("[data-rotating-code]");
  if (!box) return;
  function part(name) { return box.querySelector("[data-rotating-" + name + "]"); }
  function show(data) {
    part("qr").src = data.qr;
    if (part("short")) part("short").textContent = (data.short_code || "").replace(/^(\d{4})(\d{4})$/, "$1 $2");
    if (part("full")) part("full").textContent = data.token;
  }
  function refresh() {
    fetch(box.dataset.codeUrl, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      show(data);
      setTimeout(refresh, Math.max(5, data.expires_in) * 1000);
    }).catch(function () {
      if (part("status")) part("status").textContent = box.dataset.msgRetry || "";
      setTimeout(refresh, 10000);
    });
  }
  if (part("short")) part("short").textContent = part("short").textContent.replace(/^(\d{4})(\d{4})$/, "$1 $2");
  setTimeout(refresh, 5000);
})();

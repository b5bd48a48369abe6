// The holder's card page: the QR code and short code change every few seconds; fetch the next one before it expires.
// Markup: #card-qr-box[data-code-url][data-msg-retry] holding #card-qr (img), #card-code and #card-code-left.
(function () {
  "use strict";
  var box = document.getElementById("card-qr-box");
  if (!box) return;
  var img = document.getElementById("card-qr"), code = document.getElementById("card-code");
  var shortCode = document.getElementById("card-short-code");
  var left = document.getElementById("card-code-left");
  function refresh() {
    fetch(box.dataset.codeUrl, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      img.src = data.qr; code.textContent = data.code;
      if (shortCode) shortCode.textContent = (data.short_code || "").replace(/^(\d{4})(\d{4})$/, "$1 $2");
      setTimeout(refresh, Math.max(5, data.expires_in) * 1000);
    }).catch(function () {
      if (left) left.textContent = box.dataset.msgRetry || "";
      setTimeout(refresh, 10000);
    });
  }
  refresh();
})();

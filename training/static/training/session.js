// The trainer's attendance page: the check-in QR code and short code rotate; refresh them from #qr-panel[data-url].
(function () {
  "use strict";
  var panel = document.getElementById("qr-panel");
  if (!panel) return;
  function refresh() {
    fetch(panel.dataset.url, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        document.getElementById("qr-image").innerHTML = data.svg;
        document.getElementById("qr-code").textContent = data.code;
      })
      .catch(function () {});
  }
  setInterval(refresh, 10000);
})();

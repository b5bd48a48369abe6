// Camera scanning with the browser's own BarcodeDetector (no third-party library); typing the code stays available.
// Markup (one scanner a page):
//   <button data-scanner-start data-scanner-target="CSS selector of the code input" hidden>
//   <div data-scanner-box hidden><video …></video>
//     <p data-scanner-status data-msg-point="…" data-msg-unavailable="…"></p> (optional)</div>
// The button shows only where the browser can scan; a code read fills the input and submits its form.
(function () {
  "use strict";
  var start = document.querySelector("[data-scanner-start]");
  if (!start || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var box = document.querySelector("[data-scanner-box]");
  var video = box.querySelector("video");
  var status = box.querySelector("[data-scanner-status]");
  var input = document.querySelector(start.dataset.scannerTarget);
  if (!input) return;
  start.hidden = false;
  start.addEventListener("click", function () {
    var detector = new BarcodeDetector({formats: ["qr_code"]});
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      box.hidden = false; video.srcObject = stream; video.play();
      if (status) status.textContent = status.dataset.msgPoint || "";
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            input.value = codes[0].rawValue;
            if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
          } else { requestAnimationFrame(tick); }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () {
      if (status) { status.textContent = status.dataset.msgUnavailable || ""; box.hidden = false; }
      else { start.hidden = true; }
    });
  });
})();

// The portal's one QR scanner (merchant counter, fair door, booth intents, class check-in, booth scan-to-apply).
// Decodes with the browser's BarcodeDetector where there is one, else with the bundled jsQR (static/vendor/jsqr,
// loaded before this file), so it works in Safari/iOS, Firefox and WeChat too. Typing stays the fallback, and a
// photo of the code can be uploaded instead of filming it.
//
// Markup (templates/includes/scanner.html), one or more per page:
//   <div data-scanner data-scanner-target="CSS selector of the code input" data-scanner-mode="submit|open"
//        data-msg-point data-msg-denied data-msg-nocamera data-msg-photo-none data-msg-not-portal data-msg-starting>
//     <button data-scanner-start hidden>  <input type=file data-scanner-file>
//     <div data-scanner-box hidden><video></video><button data-scanner-torch hidden><button data-scanner-stop></div>
//     <p data-scanner-status aria-live=polite></p>
//   </div>
// mode "submit" (default): the text read fills the input and submits its form (the server reads a portal link or a
// bare code alike). mode "open": a portal link read (data-site-origin, or this origin) is opened on this host (the
// booth's "scan to apply" page, a class's check-in page).
(function () {
  "use strict";

  function decoderFor() {
    if ("BarcodeDetector" in window) {
      var detector;
      try { detector = new window.BarcodeDetector({formats: ["qr_code"]}); } catch (e) { detector = null; }
      if (detector) {
        return function (source) {
          return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
        };
      }
    }
    if (typeof window.jsQR !== "function") return null;
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", {willReadFrequently: true});
    return function (source) {
      var width = source.videoWidth || source.naturalWidth || source.width;
      var height = source.videoHeight || source.naturalHeight || source.height;
      if (!width || !height) return Promise.resolve(null);
      var scale = Math.min(1, 800 / Math.max(width, height));  // enough pixels for a phone-sized code, less CPU
      canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
      return Promise.resolve(found ? found.data : null);
    };
  }

  function setUp(root) {
    var input = document.querySelector(root.dataset.scannerTarget || "[data-scan-target]");
    var mode = root.dataset.scannerMode || "submit";
    var start = root.querySelector("[data-scanner-start]");
    var file = root.querySelector("[data-scanner-file]");
    var box = root.querySelector("[data-scanner-box]");
    var video = box && box.querySelector("video");
    var torch = root.querySelector("[data-scanner-torch]");
    var stop = root.querySelector("[data-scanner-stop]");
    var status = root.querySelector("[data-scanner-status]");
    var decode = decoderFor();
    var stream = null, torchOn = false, done = false;
    if (mode === "submit" && !input) return;

    function say(key) { if (status) status.textContent = root.dataset[key] || ""; }

    function toTyping(key) {  // the camera cannot help: explain, and hand over to the typed code
      if (start) start.hidden = true;
      say(key);
      if (input) input.focus();
    }

    function stopCamera() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      if (box) box.hidden = true;
      if (start) start.hidden = false;
    }

    function use(text) {
      if (done || !text) return;
      done = true;
      stopCamera();
      if (mode === "open") {
        var url;
        try { url = new URL(text, window.location.href); } catch (e) { url = null; }
        // A portal link (SITE_URL, or this host) opens here, on the host this phone already uses.
        var portal = url && (url.origin === window.location.origin || url.origin === root.dataset.siteOrigin);
        if (portal) { window.location.assign(url.pathname + url.search); return; }
        done = false; say("msgNotPortal"); return;
      }
      input.value = text;
      if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
    }

    function scanLoop() {
      if (!stream || done) return;
      decode(video).then(function (text) {
        if (text) use(text); else setTimeout(scanLoop, 150);
      }).catch(function () { setTimeout(scanLoop, 250); });
    }

    function offerTorch() {
      var track = stream.getVideoTracks()[0];
      var caps = track && track.getCapabilities ? track.getCapabilities() : {};
      if (!torch || !caps.torch) return;
      torch.hidden = false;
      torch.addEventListener("click", function () {
        torchOn = !torchOn;
        track.applyConstraints({advanced: [{torch: torchOn}]}).catch(function () { torch.hidden = true; });
        torch.setAttribute("aria-pressed", torchOn ? "true" : "false");
      });
    }

    if (!decode) { toTyping("msgNocamera"); if (file) file.closest("label").hidden = true; return; }
    var camera = navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    if (!camera) { toTyping("msgNocamera"); } else if (start) { start.hidden = false; }

    if (start) start.addEventListener("click", function () {
      say("msgStarting");
      navigator.mediaDevices.getUserMedia({video: {facingMode: {ideal: "environment"}}, audio: false}).then(function (s) {
        stream = s; done = false;
        box.hidden = false; start.hidden = true;
        video.srcObject = s;
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () {});
        say("msgPoint");
        offerTorch();
        scanLoop();
      }).catch(function (error) {
        toTyping(error && error.name === "NotAllowedError" ? "msgDenied" : "msgNocamera");
      });
    });
    if (stop) stop.addEventListener("click", function () { stopCamera(); say(""); });

    if (file) file.addEventListener("change", function () {
      var picked = file.files && file.files[0];
      if (!picked) return;
      var loaded = window.createImageBitmap ? window.createImageBitmap(picked) : new Promise(function (ok, fail) {
        var img = new Image();
        img.onload = function () { ok(img); };
        img.onerror = fail;
        img.src = URL.createObjectURL(picked);
      });
      loaded.then(decode).then(function (text) {
        if (text) use(text); else say("msgPhotoNone");
      }).catch(function () { say("msgPhotoNone"); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-scanner]"), setUp);
})();

// Loaded in <head>. The server draws the page in elder mode from the cookie (portal.elder); this only restores the
// cookie from localStorage if the browser dropped it, so the next page is drawn right. The toggle is in portal.js.
try {
  var stored = localStorage.getItem("elderMode");
  if ((stored === "1" || stored === "0") && document.cookie.indexOf("elder_mode=") === -1) {
    document.cookie = "elder_mode=" + stored + "; path=/; max-age=31536000; SameSite=Lax";
    document.documentElement.classList.toggle("elder-mode", stored === "1");
  }
} catch (e) { /* storage blocked: the cookie alone remembers */ }

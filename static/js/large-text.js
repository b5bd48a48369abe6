// Loaded in <head>, before the page is drawn, so a visitor who chose large text never sees it flash small.
// The toggle itself is in portal.js.
try {
  if (localStorage.getItem("largeText") === "1") document.documentElement.classList.add("large-text");
} catch (e) { /* storage blocked: normal text */ }

// A booth queue ticket (jobs/queue/ticket.html): polls its status every 10 seconds and updates the number's
// state and how many are waiting before it, until the number is finished.
(function () {
  "use strict";
  var card = document.querySelector("[data-queue-status-url]");
  if (!card) { return; }
  var url = card.getAttribute("data-queue-status-url");
  var OPEN = { waiting: true, called: true };

  function show(state) {
    card.querySelector("[data-queue-status]").textContent = state.status_label;
    card.querySelector("[data-queue-ahead]").textContent = state.ahead;
    card.querySelector("[data-queue-ahead-wrap]").hidden = state.status !== "waiting";
    card.querySelector("[data-queue-called]").hidden = state.status !== "called";
    return OPEN[state.status] === true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state === null || show(state)) { window.setTimeout(poll, 10000); }
      })
      .catch(function () { window.setTimeout(poll, 20000); });
  }

  window.setTimeout(poll, 10000);
})();

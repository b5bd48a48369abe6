// The live-stream fair room (jobs/templates/jobs/fairs/live.html). Plays the organiser's HLS stream with hls.js, or
// the browser's own HLS (Safari, iOS); follows who presents by polling the room's small JSON state every few
// seconds (no reload, the stream keeps playing); sends a heartbeat for the viewer count; applies and switches the
// presenter through the same forms the page posts without JavaScript, but in the background.
(function () {
  "use strict";
  var room = document.getElementById("live-room");
  if (!room) return;
  var d = room.dataset;
  function byId(id) { return document.getElementById(id); }
  function token() {
    var input = room.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the stream -------------------------------------------------------------------------------------------
  function startStream() {
    var video = byId("live-video");
    if (!video || !d.stream) return;
    var note = byId("stream-note");
    function failed() {
      video.dataset.state = "failed";
      if (note) { note.textContent = d.msgStreamFailed; note.hidden = false; }
    }
    if (window.Hls && window.Hls.isSupported()) {
      // No worker: hls.js builds it from a blob: URL, which the site's Content-Security-Policy does not allow.
      var hls = new window.Hls({enableWorker: false});
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data.fatal) { hls.destroy(); failed(); }
      });
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
        video.dataset.state = "playing";
        video.play().catch(function () {});
      });
      hls.loadSource(d.stream);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.dataset.state = "native";
      video.addEventListener("error", failed);
      video.src = d.stream;
    } else {
      failed();
    }
  }

  // --- showing the state ------------------------------------------------------------------------------------
  function say(text, ok) {
    var box = byId("live-message");
    box.textContent = text;
    box.className = "alert py-2 " + (ok ? "alert-success" : "alert-danger");
    box.hidden = false;
  }

  function positionItem(position, booth) {
    var item = byId("live-position-template").content.firstElementChild.cloneNode(true);
    item.dataset.position = position.id;
    item.querySelector("[data-field=title]").textContent = position.title;
    item.querySelector("[data-field=salary]").textContent = position.salary;
    item.querySelector("[data-field=region]").textContent = position.region;
    item.querySelector("[data-field=link]").href = position.url;
    var form = item.querySelector("form[data-live-apply]");
    if (form) {
      form.querySelector("input[name=position]").value = position.id;
      form.querySelector("input[name=booth]").value = booth;
    }
    return item;
  }

  function markApplied(item, applied) {
    var form = item.querySelector("form[data-live-apply]");
    var badge = item.querySelector("[data-applied]");
    if (form) form.hidden = applied;
    if (badge) badge.hidden = !applied;
  }

  function showPresenter(state) {
    var now = state.presenting;
    var name = byId("presenting-name");
    var list = byId("presenting-positions");
    var booth = now ? String(now.booth) : "";
    var key = booth + ":" + (now ? now.positions.map(function (p) { return p.id; }).join(",") : "");
    if (list.dataset.key !== key) {
      list.dataset.key = key;
      name.dataset.booth = booth;
      name.textContent = now ? now.employer : d.msgNobody;
      list.replaceChildren.apply(list, (now ? now.positions : []).map(function (p) { return positionItem(p, booth); }));
      byId("no-positions").hidden = Boolean(now && now.positions.length);
      var queue = now && now.queue_url;
      byId("queue-link-box").hidden = !queue;
      if (queue) byId("queue-link").href = queue;
    }
    list.querySelectorAll("[data-position]").forEach(function (item) {
      markApplied(item, state.applied.indexOf(Number(item.dataset.position)) !== -1);
    });
  }

  function showSchedule(slots) {
    var list = byId("live-schedule");
    var key = JSON.stringify(slots);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    var items = slots.map(function (slot) {
      var item = document.createElement("li");
      item.className = "list-group-item";
      item.dataset.booth = slot.booth;
      var time = document.createElement("span");
      time.className = "font-monospace";
      time.textContent = slot.starts_at.slice(11, 16) + "–" + slot.ends_at.slice(11, 16);
      item.append(time, " " + slot.employer + (slot.topic ? " · " + slot.topic : ""));
      return item;
    });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = "list-group-item";
      empty.textContent = d.msgNoSchedule;
      items.push(empty);
    }
    list.replaceChildren.apply(list, items);
  }

  function show(state) {
    byId("viewer-count").textContent = state.viewers;
    showPresenter(state);
    showSchedule(state.schedule);
  }

  // --- polling and heartbeat --------------------------------------------------------------------------------
  var pollTimer = null;
  function poll() {
    clearTimeout(pollTimer);
    fetch(d.stateUrl, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(show)
      .catch(function () {})
      .then(function () {
        var seconds = Number(d.pollSeconds) * (document.hidden ? 5 : 1);
        pollTimer = setTimeout(poll, seconds * 1000);
      });
  }

  function heartbeat() {
    var body = new FormData();
    body.append("viewer", d.viewer);
    body.append("csrfmiddlewaretoken", token());
    fetch(d.heartbeatUrl, {method: "POST", body: body, credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) { if (data.ok) byId("viewer-count").textContent = data.viewers; })
      .catch(function () {});
  }

  // --- forms posted in the background (the stream keeps playing) --------------------------------------------
  function post(form) {
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin", headers: {Accept: "application/json"},
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { form.submit(); throw new Error("not json"); }
      return r.json();
    });
  }

  room.addEventListener("submit", function (event) {
    var form = event.target;
    var apply = form.matches("[data-live-apply]");
    if (!apply && !form.matches("[data-live-switch]")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    post(form).then(function (data) {
      say(data.message, data.ok);
      if (apply && data.ok) markApplied(form.closest("[data-position]"), true);
      if (!apply) poll();
    }).catch(function () { say(d.msgFailed, false); }).then(function () { button.disabled = false; });
  });

  startStream();
  heartbeat();
  setInterval(heartbeat, Number(d.heartbeatSeconds) * 1000);
  pollTimer = setTimeout(poll, Number(d.pollSeconds) * 1000);
})();

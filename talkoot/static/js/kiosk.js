// The kiosk on a TV remote: arrow keys move the focus to the nearest button in that direction,
// Enter (OK) presses it, Back goes to the previous screen. Pages marked data-refresh are read
// again every so many seconds and their content replaced without moving the focus; a screen
// waiting for its code (data-poll) looks every few seconds whether it has been paired.
(function () {
  "use strict";
  var BACK_KEYS = ["Escape", "Backspace", "BrowserBack", "GoBack"];
  var DIRECTIONS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

  function choosable() {
    var all = document.querySelectorAll("main a[href], main button:not([disabled]), main input:not([type=hidden])");
    return Array.prototype.filter.call(all, function (element) {
      var box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
  }

  function centre(element) {
    var box = element.getBoundingClientRect();
    return [box.left + box.width / 2, box.top + box.height / 2];
  }

  function nearest(from, direction) {
    var start = centre(from), best = null, bestScore = Infinity;
    choosable().forEach(function (candidate) {
      if (candidate === from) return;
      var point = centre(candidate);
      var dx = point[0] - start[0], dy = point[1] - start[1];
      var along = dx * direction[0] + dy * direction[1];
      if (along <= 1) return; // not in that direction
      var across = Math.abs(dx * direction[1]) + Math.abs(dy * direction[0]);
      var score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = candidate; }
    });
    return best;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (DIRECTIONS[event.key] && !typing) {
      var items = choosable();
      if (!items.length) return;
      var current = items.indexOf(document.activeElement) >= 0 ? document.activeElement : null;
      var next = current ? nearest(current, DIRECTIONS[event.key]) : items[0];
      if (next) { next.focus(); }
      event.preventDefault();
    } else if (BACK_KEYS.indexOf(event.key) >= 0 && !typing) {
      var back = document.body.getAttribute("data-back");
      if (back) { event.preventDefault(); window.location.assign(back); }
    }
  });

  // The list marked data-fit shows as many of its rows as the screen holds (a larger text size
  // holds fewer) and hides the rest behind its "more" note, so the main screen never scrolls.
  function fitRows() {
    var list = document.querySelector("main [data-fit]");
    if (!list) return;
    var rows = list.children, more = document.getElementById(list.getAttribute("data-fit"));
    var shown = rows.length, root = document.documentElement;
    for (var i = 0; i < rows.length; i++) rows[i].hidden = false;
    if (more) more.hidden = !list.hasAttribute("data-more");
    while (shown > 1 && root.scrollHeight > window.innerHeight) {
      shown -= 1;
      rows[shown].hidden = true;
      if (more) more.hidden = false;
    }
  }

  function firstFocus() {
    if (document.activeElement && document.activeElement !== document.body) return;
    var preferred = document.querySelector("main [autofocus]") || choosable()[0];
    if (preferred) preferred.focus();
  }

  function refresh() {
    var focused = document.activeElement && document.activeElement.id;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Kiosk-Refresh": "1" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) { window.location.reload(); return; }
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var main = fresh.getElementById("kiosk-live"), time = fresh.querySelector(".kiosk-bar__time");
        if (!main) return;
        document.getElementById("kiosk-live").innerHTML = main.innerHTML;
        if (time) document.querySelector(".kiosk-bar__time").outerHTML = time.outerHTML;
        fitRows();
        var again = focused && document.getElementById(focused);
        (again || choosable()[0] || document.body).focus();
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) { if (text.indexOf('data-page="pairing"') < 0) window.location.reload(); })
      .catch(function () {});
  }

  window.talkootKioskRefresh = refresh; // for the browser journey, which cannot wait a minute

  document.addEventListener("DOMContentLoaded", function () {
    fitRows();
    firstFocus();
    window.addEventListener("resize", fitRows);
    var every = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
    if (every > 0) window.setInterval(refresh, every * 1000);
    var pollEvery = parseInt(document.body.getAttribute("data-poll") || "0", 10);
    if (pollEvery > 0) window.setInterval(poll, pollEvery * 1000);
  });
})();

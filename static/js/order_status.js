// While a card payment is being confirmed, the order's page looks again every few seconds.
// A script rather than <meta http-equiv="refresh"> (a timed refresh the reader cannot stop,
// WCAG 2.2.1): it waits while the reader is using the page (focus in a form control or link,
// or the tab hidden) and stops for good once they press Escape.
(function () {
  var el = document.querySelector("[data-refresh-seconds]");
  if (!el) return;
  var seconds = parseInt(el.getAttribute("data-refresh-seconds"), 10) || 4;
  var stopped = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") stopped = true;
  });
  function look() {
    if (stopped) return;
    var busy = document.hidden || (document.activeElement && document.activeElement !== document.body);
    if (busy) { setTimeout(look, seconds * 1000); return; }
    window.location.reload();
  }
  setTimeout(look, seconds * 1000);
})();

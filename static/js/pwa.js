// On every page (oscar/base.html): registers the service worker (/sw.js, static/js/sw.js) and
// shows "Bạn đang ngoại tuyến" while the phone has no connection, so a page the worker
// serves from its store says so.
(function () {
  var note = document.getElementById("cp-offline");
  function update() {
    if (note) note.hidden = navigator.onLine;
  }
  update();
  window.addEventListener("online", update);
  window.addEventListener("offline", update);

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        // No worker (private mode, storage full): the site works as before, online only.
      });
    });
  }
})();

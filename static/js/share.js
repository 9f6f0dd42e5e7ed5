// "Chia sẻ" (templates/includes/share.html): where the browser has a share sheet (Web Share
// API, most phones), one button opens it with Zalo, Messenger and the rest the phone has; the
// plain links stay for the others. Nothing here loads from another site.
(function () {
  if (typeof navigator.share !== "function") return;
  var boxes = document.querySelectorAll(".cp-share");
  Array.prototype.forEach.call(boxes, function (box) {
    var button = box.querySelector(".cp-share__native");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: box.getAttribute("data-share-title"),
        url: box.getAttribute("data-share-url")
      }).catch(function () { /* the person closed the sheet: nothing to do */ });
    });
  });
})();

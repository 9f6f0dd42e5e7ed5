/* Oscar's image widget (the dashboard's product images) hid its "Upload image" button once the
   chosen picture loaded, and said when the file was not a picture, with inline onload/onerror
   handlers, which the site's Content-Security-Policy refuses. The same, from a static file:
   load and error do not bubble, so they are caught on their way down. */
(function () {
    "use strict";

    function widgetImage(event) {
        var img = event.target;
        return img instanceof HTMLImageElement && img.hasAttribute("data-image-input") ? img : null;
    }

    function uploadButton(img) {
        return document.getElementById("upload_button_" + img.getAttribute("data-image-input"));
    }

    document.addEventListener("load", function (event) {
        var img = widgetImage(event);
        var button = img && uploadButton(img);
        if (button) {
            button.style.display = "none";
        }
    }, true);

    document.addEventListener("error", function (event) {
        var img = widgetImage(event);
        if (!img || !img.getAttribute("src")) {
            return;
        }
        var button = uploadButton(img);
        if (button) {
            button.style.display = "";
        }
        window.alert(img.getAttribute("data-unrecognised"));
    }, true);
})();

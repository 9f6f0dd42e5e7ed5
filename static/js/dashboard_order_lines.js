/* The Oscar dashboard's order page calls oscar.dashboard.orders.initTable(), which Oscar 4.2's
   dashboard.js no longer defines: the call threw "initTable is not a function" and stopped the
   page's start-up. This supplies it: a "select all lines" box at the head of the order's lines
   table, for the actions on selected lines below it. Its label comes from this script tag
   (data-select-all-label), translated by the template. */
(function () {
    "use strict";
    var label = document.currentScript.getAttribute("data-select-all-label");

    window.oscar.dashboard.orders.initTable = function () {
        var lines = document.querySelectorAll("#order_lines_form input[name=selected_line]");
        if (!lines.length) {
            return;
        }
        var head = lines[0].closest("table").querySelector("thead th");
        var all = document.createElement("input");
        all.type = "checkbox";
        all.setAttribute("aria-label", label);
        all.setAttribute("data-select-all-lines", "");
        all.addEventListener("change", function () {
            lines.forEach(function (line) {
                line.checked = all.checked;
            });
        });
        head.appendChild(all);
    };
})();

/* The Oscar dashboard's order pages, finished.

   The order page calls oscar.dashboard.orders.initTable(), which Oscar 4.2's dashboard.js no
   longer defines: the call threw "initTable is not a function" and stopped the page's start-up.
   This supplies it: a "select all lines" box at the head of the lines table, for the actions on
   selected lines below it. Oscar's tables leave their checkboxes and quantity boxes without a
   name for screen readers: initTable (order page) and initList (order list) give them one.
   The words come from this script tag's data-label-* attributes, translated by the template. */
(function () {
    "use strict";
    var script = document.currentScript;

    function words(name) {
        return script.getAttribute("data-label-" + name);
    }

    function name(input, text) {
        if (input && !input.hasAttribute("aria-label")) {
            input.setAttribute("aria-label", text);
        }
    }

    var orders = window.oscar.dashboard.orders;

    // On a phone, css/dashboard.css lets each wide table scroll in its own box; a keyboard
    // reaches such a box only if it can take the focus.
    function scrollableTables() {
        if (!window.matchMedia("(max-width: 767.98px)").matches) {
            return;
        }
        document.querySelectorAll(".page-content table.table").forEach(function (table) {
            table.tabIndex = 0;
        });
    }

    orders.initTable = function () {
        scrollableTables();
        var form = document.getElementById("order_lines_form");
        var lines = form ? form.querySelectorAll("input[name=selected_line]") : [];
        if (!lines.length) {
            return;
        }
        lines.forEach(function (line) {
            name(line, words("select-line") + " #" + line.value);
            name(form.querySelector("input[name=selected_line_qty_" + line.value + "]"),
                 words("line-quantity") + " #" + line.value);
        });
        var all = document.createElement("input");
        all.type = "checkbox";
        all.setAttribute("aria-label", words("select-all-lines"));
        all.setAttribute("data-select-all-lines", "");
        all.addEventListener("change", function () {
            lines.forEach(function (line) {
                line.checked = all.checked;
            });
        });
        lines[0].closest("table").querySelector("thead th").appendChild(all);
    };

    orders.initList = function () {
        scrollableTables();
        var form = document.getElementById("orders_form");
        if (!form) {
            return;
        }
        form.querySelectorAll("input.selected_order").forEach(function (box) {
            var number = box.closest("tr").querySelector("a[href]");
            name(box, words("select-order") + " " + (number ? number.textContent.trim() : box.value));
        });
        // The "select all" box Oscar's bulk_actions.init() puts in the table's head.
        name(form.querySelector("input[name=select_all]"), words("select-all-orders"));
    };
})();

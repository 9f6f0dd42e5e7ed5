// The province → commune picker (places.forms). Without this script the two selects work as
// they are: pick the province, press "Show its communes and wards", then pick the commune.
// With it the commune select follows the province at once, and a search box above it narrows
// the list as you type, from the look-up /places/communes/?province=..&q=.. (same origin).
(function () {
  if (!window.fetch) return;
  var provinces = document.querySelectorAll("select[data-commune-picker]");
  Array.prototype.forEach.call(provinces, function (province) {
    var commune = document.getElementById(province.dataset.communePicker);
    if (!commune || !commune.dataset.communesUrl) return;
    var pick = province.parentNode.querySelector(".cp-province-pick");
    if (pick) pick.hidden = true;
    var emptyLabel = commune.options.length ? commune.options[0].text : "";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control mb-1 cp-commune-search";
    search.autocomplete = "off";
    search.placeholder = commune.dataset.searchPlaceholder || "";
    search.setAttribute("aria-label", commune.dataset.searchPlaceholder || "");
    search.setAttribute("aria-controls", commune.id);
    commune.parentNode.insertBefore(search, commune);
    var timer, asked = 0;

    function fill(results) {
      var chosen = commune.value;
      var options = [new Option(emptyLabel, "")];
      results.forEach(function (item) {
        options.push(new Option(item.name, item.code, false, item.code === chosen));
      });
      commune.replaceChildren.apply(commune, options);
      // One match left: choose it, as a buyer who typed its name means it.
      if (results.length === 1 && search.value.trim()) commune.value = results[0].code;
    }

    function load() {
      if (!province.value) { fill([]); return; }
      var ask = ++asked;
      var url = commune.dataset.communesUrl + "?province=" + encodeURIComponent(province.value) +
        "&q=" + encodeURIComponent(search.value.trim());
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (ask === asked) fill(data.results); })
        .catch(function () {});
    }

    province.addEventListener("change", function () {
      search.value = "";
      commune.value = "";
      load();
    });
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 120);
    });
    // A province chosen but its communes not listed yet (the page came back from the server
    // without them): list them now.
    if (province.value && commune.options.length <= 1) load();
  });
})();

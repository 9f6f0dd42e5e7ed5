// Search box suggestions: fills a <datalist> from /search/suggest/ as the buyer types.
// The box works without it (a plain GET form); this only saves typing.
(function () {
  var input = document.getElementById("cp-q");
  var list = document.getElementById("cp-q-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.results.map(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            return option;
          }));
        })
        .catch(function () {});
    }, 150);
  });
})();

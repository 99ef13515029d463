// Type-ahead for the search box: titles from <search page>/suggest/ fill the input's <datalist>;
// choosing one opens that item. Without JavaScript the form works as a plain search.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var urls = {};
  var timer = null;
  var latest = 0;

  function show(results) {
    urls = {};
    list.replaceChildren.apply(list, results.map(function (result) {
      urls[result.title] = result.url;
      var option = document.createElement("option");
      option.value = result.title;
      return option;
    }));
  }

  input.addEventListener("input", function (event) {
    var value = input.value.trim();
    // A suggestion chosen from the list arrives as an input event without typing.
    if (urls[value] && (!event.inputType || event.inputType === "insertReplacementText")) {
      window.location.href = urls[value];
      return;
    }
    window.clearTimeout(timer);
    if (value.length < 2) { show([]); return; }
    timer = window.setTimeout(function () {
      var request = ++latest;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (request === latest) show(data.results || []); })
        .catch(function () {});
    }, 150);
  });
})();

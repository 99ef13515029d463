// The article's "Print" button: a script file, since the Content-Security-Policy allows no inline handlers.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Text size and high contrast, chosen by the reader and kept in localStorage. Loaded without defer in
// <head> so that the saved choice is on <html> before the first paint (no flash of the default look);
// the buttons are wired once the document is parsed.
(function () {
  "use strict";

  var OPTIONS = {
    "text-size": ["normal", "large", "larger"],
    contrast: ["normal", "high"],
  };
  var root = document.documentElement;

  function saved(name) {
    try {
      var value = window.localStorage.getItem("display-" + name);
      return OPTIONS[name].indexOf(value) > 0 ? value : "normal";
    } catch (error) {
      return "normal"; // storage refused (private mode, blocked cookies): the default look
    }
  }

  function apply(name, value) {
    if (value === "normal") {
      root.removeAttribute("data-" + name);
    } else {
      root.setAttribute("data-" + name, value);
    }
  }

  function store(name, value) {
    try {
      window.localStorage.setItem("display-" + name, value);
    } catch (error) {
      // Not kept for the next page, but applied to this one.
    }
  }

  function showPressed(buttons, name, value) {
    buttons.forEach(function (button) {
      if (button.getAttribute("data-option") === name) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-value") === value));
      }
    });
  }

  Object.keys(OPTIONS).forEach(function (name) {
    apply(name, saved(name));
  });

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-display-options]");
    if (!panel) {
      return;
    }
    var buttons = Array.prototype.slice.call(panel.querySelectorAll("button[data-option]"));
    Object.keys(OPTIONS).forEach(function (name) {
      showPressed(buttons, name, saved(name));
    });
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var name = button.getAttribute("data-option");
        var value = button.getAttribute("data-value");
        // The contrast button is a toggle; the size buttons choose one of three.
        if (name === "contrast" && button.getAttribute("aria-pressed") === "true") {
          value = "normal";
        }
        apply(name, value);
        store(name, value);
        showPressed(buttons, name, value);
      });
    });
    // Without this script the buttons could do nothing, so they are shown only now.
    panel.hidden = false;
  });
})();

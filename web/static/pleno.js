// Small progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  // What an htmx swap left in the page for its target: an outerHTML swap replaces the target,
  // so its successor is looked up by id.
  function swapped(event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    return target;
  }

  // After htmx swaps a form back with errors, take the keyboard to the first field to fix.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = swapped(event);
    if (!target || !target.querySelector) return;
    var invalid = target.querySelector("[aria-invalid=true], .con-error input, .con-error select, .con-error textarea");
    if (invalid) {
      invalid.focus();
      return;
    }
    var notice = target.querySelector(".aviso");
    if (notice) {
      notice.setAttribute("tabindex", "-1");
      notice.focus();
    }
  });

  // A notice in #mensajes fades after a while; errors stay until the next action.
  document.addEventListener("htmx:afterSettle", function (event) {
    var box = document.getElementById("mensajes");
    if (!box || event.detail.target !== box) return;
    var ok = box.querySelector(".aviso-ok");
    if (ok) {
      setTimeout(function () { if (ok.parentNode) ok.parentNode.removeChild(ok); }, 6000);
    }
  });

  // A part of a form that applies to one choice (data-si="campo:valor") shows only while that
  // choice is made; without JavaScript every part shows and the server checks what applies.
  // A hidden part's fields are disabled too: not sent (a file chosen there is not uploaded) and
  // not checked by the browser.
  function applyChoices(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("[data-si]").forEach(function (part) {
      var rule = part.getAttribute("data-si").split(":");
      var form = part.closest("form");
      var chosen = form && form.querySelector('input[name="' + rule[0] + '"]:checked');
      part.hidden = !!chosen && chosen.value !== rule[1];
      part.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = part.hidden; });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.type === "radio" && event.target.form) applyChoices(event.target.form);
  });
  document.addEventListener("DOMContentLoaded", function () { applyChoices(document); });
  document.addEventListener("htmx:afterSettle", function (event) { applyChoices(swapped(event)); });

  // A file over the upload limit is refused when chosen, not after uploading it: the server would
  // refuse it too, and a request far over the limit cannot come back with the form filled in.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !input.hasAttribute("data-max-bytes")) return;
    var limit = Number(input.getAttribute("data-max-bytes"));
    var big = Array.prototype.filter.call(input.files || [], function (file) { return file.size > limit; });
    input.setCustomValidity(big.length ? "El archivo «" + big[0].name + "» es demasiado grande: el máximo es " +
      input.getAttribute("data-max-mb") + " MB. Elija uno más pequeño." : "");
    if (big.length) input.reportValidity();
  });

  // If the network fails, say so instead of doing nothing.
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("mensajes");
    if (box) {
      box.innerHTML = '<div class="aviso aviso-error" role="alert">No hay conexión con el servidor. ' +
        "Revise su red e intente de nuevo; no se guardó nada.</div>";
    }
  });
})();

// Draws an instance's BPMN diagram with bpmn-js (NavigatedViewer) and marks each element's state.
// The container carries data-diagram-url (the BPMN XML) and data-states ({element id: state}).
(function () {
  "use strict";

  var STATES = ["ready", "completed", "waiting", "error"];

  function fail(container, message) {
    container.classList.add("diagrama-error");
    container.textContent = message;
  }

  function draw(container) {
    if (typeof window.BpmnJS !== "function") {
      fail(container, "No se pudo cargar el visor de diagramas.");
      return;
    }
    var states = {};
    try {
      states = JSON.parse(container.dataset.states || "{}");
    } catch (e) {
      states = {};
    }
    var viewer = new window.BpmnJS({ container: container });
    fetch(container.dataset.diagramUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var canvas = viewer.get("canvas");
        var registry = viewer.get("elementRegistry");
        canvas.zoom("fit-viewport", "auto");
        Object.keys(states).forEach(function (id) {
          var state = states[id];
          if (STATES.indexOf(state) >= 0 && registry.get(id)) {
            canvas.addMarker(id, "estado-" + state);
          }
        });
      })
      .catch(function () {
        fail(container, "No se pudo dibujar el diagrama de este proceso.");
      });
  }

  function drawAll() {
    document.querySelectorAll("[data-diagram-url]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

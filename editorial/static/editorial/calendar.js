// Drag a scheduled go-live onto another day: fills in that entry's "Move to" form
// and sends it (the same POST as without JavaScript).
(() => {
  "use strict";
  let dragged = null;

  document.querySelectorAll(".editorial-entry[draggable=true]").forEach((entry) => {
    entry.addEventListener("dragstart", (event) => {
      dragged = entry;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry.dataset.revision);
      entry.classList.add("editorial-entry--dragging");
    });
    entry.addEventListener("dragend", () => {
      entry.classList.remove("editorial-entry--dragging");
      dragged = null;
    });
  });

  document.querySelectorAll(".editorial-day[data-day]").forEach((day) => {
    day.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      day.classList.add("editorial-day--target");
    });
    day.addEventListener("dragleave", () => {
      day.classList.remove("editorial-day--target");
    });
    day.addEventListener("drop", (event) => {
      day.classList.remove("editorial-day--target");
      if (!dragged) return;
      event.preventDefault();
      const form = dragged.querySelector("form.editorial-move");
      const input = form && form.querySelector("input[name=date]");
      if (!input || input.value === day.dataset.day) return;
      input.value = day.dataset.day;
      form.requestSubmit();
    });
  });
})();

/* Code folding for notebook pages of the armsdata report (inlined; nothing is fetched).
   Without JavaScript every code cell stays open (<details open>), so nothing is lost. With it:
   every cell is folded behind its own "code" control, and a switch at the top shows or hides all
   of them. Printing shows every cell (the print style sheet does the same without a script). */
(function () {
  "use strict";
  var cells = Array.prototype.slice.call(document.querySelectorAll("details.ad-code"));
  var bar = document.getElementById("ad-toolbar");
  if (!cells.length || !bar) {
    return;
  }
  cells.forEach(function (d) { d.open = false; });

  var button = document.createElement("button");
  button.type = "button";
  button.id = "ad-code-toggle";
  button.className = "ad-control";
  bar.appendChild(button);

  function allOpen() {
    return cells.every(function (d) { return d.open; });
  }
  function update() {
    var open = allOpen();
    button.setAttribute("aria-pressed", open ? "true" : "false");
    button.textContent = open ? "Hide all code" : "Show all code";
  }
  button.addEventListener("click", function () {
    var show = !allOpen();
    cells.forEach(function (d) { d.open = show; });
    update();
  });
  cells.forEach(function (d) { d.addEventListener("toggle", update); });
  update();

  // Paper shows every cell; the screen gets back what the reader had chosen.
  var before = null;
  window.addEventListener("beforeprint", function () {
    before = cells.map(function (d) { return d.open; });
    cells.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (before) {
      cells.forEach(function (d, i) { d.open = before[i]; });
      before = null;
      update();
    }
  });
})();

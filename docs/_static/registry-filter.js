/* The registry tables on the API page: type part of a name, see only the rows that have it.
   Plain JavaScript, no library; pages without the box are left alone. */
(function () {
  "use strict";
  function setup() {
    var box = document.getElementById("registry-filter-box");
    if (!box) { return; }
    var count = document.getElementById("registry-filter-count");
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.registry-table"));
    function apply() {
      var needle = box.value.trim().toLowerCase();
      var shown = 0, total = 0;
      tables.forEach(function (table) {
        var visible = 0;
        Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
          var hit = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
          row.style.display = hit ? "" : "none";
          total += 1;
          if (hit) { visible += 1; }
        });
        shown += visible;
        var section = table.closest("section");
        if (section) { section.style.display = visible ? "" : "none"; }
      });
      count.textContent = needle ? shown + " of " + total + " primitives" : total + " primitives";
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { box.value = query; }            /* api.html?q=sum links to a filtered view */
    box.addEventListener("input", apply);
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
}());

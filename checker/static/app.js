// svccheck serve: a little help on top of server-rendered pages (everything works without it).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // Filters apply as soon as a choice changes.
    ["verdict-filter", "department-filter"].forEach(function (id) {
      var select = document.getElementById(id);
      if (select) select.addEventListener("change", function () { select.form.submit(); });
    });
    // Clicking anywhere on a line opens it.
    document.querySelectorAll("tr.line[data-href]").forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) return;
        window.location.href = row.getAttribute("data-href");
      });
    });
    // Drop a file on the box to check it.
    var drop = document.getElementById("drop");
    var input = document.getElementById("file");
    if (drop && input) {
      ["dragenter", "dragover"].forEach(function (name) {
        drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
      });
      drop.addEventListener("drop", function (event) {
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          input.form.submit();
        }
      });
      input.addEventListener("change", function () { if (input.files.length) input.form.submit(); });
    }
  });
})();

/* Dates typed as dd/mm/yyyy (the text box is the truth; it works without this script).
   Adds: tidy-up of what was typed (1/2/1990 -> 01/02/1990) and a calendar button that opens the
   browser's own date chooser and writes the chosen day back as dd/mm/yyyy. */
(function () {
  "use strict";
  var DATE = /^\s*(\d{1,2})\s*[\/.\- ]\s*(\d{1,2})\s*[\/.\- ]\s*(\d{4})\s*$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function parse(text) {
    var m = DATE.exec(text || "");
    if (!m) { return null; }
    var d = +m[1], mo = +m[2], y = +m[3];
    var when = new Date(y, mo - 1, d);
    if (when.getFullYear() !== y || when.getMonth() !== mo - 1 || when.getDate() !== d) { return null; }
    return { d: d, m: mo, y: y };
  }

  function enhance(box) {
    box.addEventListener("blur", function () {
      var p = parse(box.value);
      if (p) { box.value = pad(p.d) + "/" + pad(p.m) + "/" + p.y; }
    });
    var native = document.createElement("input");
    native.type = "date";
    if (typeof native.showPicker !== "function") { return; }
    native.className = "vndate-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary vndate-button";
    button.setAttribute("aria-label", box.getAttribute("data-calendar-label") || "Lịch");
    button.title = button.getAttribute("aria-label");
    button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">' +
      '<rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor"/>' +
      '<path d="M1.5 6.5h13M5 1v3M11 1v3" stroke="currentColor"/></svg>';
    button.addEventListener("click", function () {
      var p = parse(box.value);
      native.value = p ? p.y + "-" + pad(p.m) + "-" + pad(p.d) : "";
      try { native.showPicker(); } catch (e) { box.focus(); }
    });
    native.addEventListener("change", function () {
      var parts = (native.value || "").split("-");
      if (parts.length === 3) {
        box.value = parts[2] + "/" + parts[1] + "/" + parts[0];
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
      box.focus();
    });
    box.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", native);
  }

  document.querySelectorAll("input[data-vndate]").forEach(enhance);
})();

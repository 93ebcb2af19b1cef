/* Small helpers for forms: a file chooser labelled in the page's language (the browser's own
   reads "Choose File / No file chosen"), and focus on the error summary when a form comes back. */
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-file-button]").forEach(function (input) {
    var wrap = document.createElement("div");
    wrap.className = "d-flex flex-wrap align-items-center gap-2 file-choice";
    var button = document.createElement("label");
    button.className = "btn btn-outline-secondary btn-sm mb-0";
    button.htmlFor = input.id;
    button.textContent = input.getAttribute("data-file-button");
    var name = document.createElement("span");
    name.className = "small text-muted";
    name.setAttribute("aria-live", "polite");
    name.textContent = input.getAttribute("data-file-none");
    input.classList.add("visually-hidden-focusable-file");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.addEventListener("change", function () {
      var files = Array.prototype.map.call(input.files, function (f) { return f.name; });
      name.textContent = files.length ? files.join(", ") : input.getAttribute("data-file-none");
    });
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();

/* A wide table scrolls inside its own box; keyboard users can then focus the box and scroll it. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var heading = box.previousElementSibling;
        var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
        if (name) { box.setAttribute("aria-label", name.trim()); }
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();

/* Choosing in a list marked data-autosubmit applies it at once (a button does it without scripts). */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();

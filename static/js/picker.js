/* Searchable lists of names (areas, majors, organisations): a combobox over a plain text box.
   Without this script the box still works: the browser's own <datalist> suggests names, and the
   server accepts a name as typed. With it, matching ignores accents ("vinh linh" finds "Vĩnh Linh")
   and reaches every name, old communes included. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(box) {
    var url = box.getAttribute("data-picker");
    var listId = (box.id || "picker" + (++counter)) + "-listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    list.setAttribute("aria-label", box.getAttribute("data-picker-list") || "—");
    box.removeAttribute("list");
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", listId);
    var holder = document.createElement("div");
    holder.className = "picker";
    box.parentNode.insertBefore(holder, box);
    holder.appendChild(box);
    holder.appendChild(list);
    var active = -1, timer = null, ticket = 0;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.classList.toggle("active", i === active);
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      box.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(item) {
      box.value = item.textContent;
      close();
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(rows) {
      list.textContent = "";
      rows.forEach(function (row, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = row.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(item);
      });
      if (!rows.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-muted small";
        none.textContent = box.getAttribute("data-picker-empty") || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function lookup() {
      var mine = ++ticket;
      fetch(url + "?q=" + encodeURIComponent(box.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (rows) { if (mine === ticket && document.activeElement === box) { show(rows); } })
        .catch(function () { close(); });
    }

    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { lookup(); return; }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-picker]").forEach(enhance);
})();

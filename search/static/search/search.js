// Type-ahead for the search box: an ARIA combobox driven by the keyboard (arrows, Enter, Escape).
(function () {
  "use strict";
  const form = document.querySelector("form[data-typeahead]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    items = [];
    active = -1;
  }

  function show(found) {
    list.innerHTML = "";
    items = found;
    active = -1;
    found.forEach(function (item, index) {
      const li = document.createElement("li");
      li.id = "search-typeahead-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.title;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = item.url; });
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
  }

  function choose(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      const url = form.dataset.typeahead + "?lang=" + encodeURIComponent(form.dataset.lang) + "&q=" + encodeURIComponent(q);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { show(data.items || []); })
        .catch(function () { /* typing on: the next request answers */ });
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); choose((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); choose(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();

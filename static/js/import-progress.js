// Follows an import job: polls its status and moves the progress bar; reloads when it ends.
(function () {
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var text = box.querySelector("[data-role=processed]");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        var total = status.total || Number(box.dataset.total) || 0;
        var done = status.processed || 0;
        var percent = total ? Math.min(100, Math.round((100 * done) / total)) : 0;
        bar.style.width = percent + "%";
        bar.setAttribute("aria-valuenow", percent);
        text.textContent = done.toLocaleString("vi-VN");
        if (status.state === "running" || status.state === "pending") {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();

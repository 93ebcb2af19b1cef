// Small behaviours the pages need; no inline script anywhere (the Content-Security-Policy
// allows scripts from this site's files only).
document.addEventListener("DOMContentLoaded", () => {
  // <select data-autosubmit> sends its form when the choice changes (the button stays for no-JS).
  document.querySelectorAll("[data-autosubmit]").forEach((element) => {
    element.addEventListener("change", () => element.form && element.form.submit());
  });
});

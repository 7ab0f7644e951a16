// The receipt's "Print or save as PDF" button (shown only when this script runs).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// "Check these moments": each entry moves the preview to its time (the studio seeks the
// player when the time field changes) and brings the picture into view.
const list = document.querySelector(".web-coverage__checks");
const field = document.getElementById("preview-time");
const stage = document.getElementById("stage");

if (list && field && stage) {
  list.addEventListener("click", (event) => {
    const entry = event.target.closest("[data-seek]");
    if (!entry) return;
    field.value = entry.dataset.seek;
    field.dispatchEvent(new Event("change"));
    stage.scrollIntoView({ block: "nearest" });
  });
}

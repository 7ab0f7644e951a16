// "Check these moments": each entry moves the preview to its time, as typing it would (the
// outlines follow the field's input, the studio seeks the player on its change), and brings
// the picture into view.
const list = document.querySelector(".web-coverage__checks");
const field = document.getElementById("preview-time");
const stage = document.getElementById("stage");

if (list && field && stage) {
  list.addEventListener("click", (event) => {
    const entry = event.target.closest("[data-seek]");
    if (!entry) return;
    field.value = entry.dataset.seek;
    field.dispatchEvent(new Event("input"));
    field.dispatchEvent(new Event("change"));
    stage.scrollIntoView({ block: "nearest" });
  });
}

// The picture chosen for a camera, shown before the form is sent. Read as a data: URL, the
// one kind of local image the page's Content-Security-Policy lets an <img> show.

const input = document.getElementById("thumbnail");
const preview = document.getElementById("thumbnail-preview");

function show() {
  const file = input.files && input.files[0];
  if (!file || !file.type.startsWith("image/")) {
    preview.hidden = true;
    return;
  }
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    preview.querySelector("img").src = String(reader.result);
    preview.hidden = false;
  });
  reader.readAsDataURL(file);
}

if (input && preview) input.addEventListener("change", show);

// A photo's zoom: buttons, the wheel over it, and + - 0 on the focused frame (arrows scroll
// it). The picture is scaled with a CSS transform set through the CSSOM (the CSP allows that;
// it refuses style attributes in markup).
const LEVELS = [1, 1.5, 2, 3, 4, 6, 8];

for (const zoom of document.querySelectorAll("[data-zoom]")) {
  setUp(zoom);
}

function setUp(zoom) {
  const frame = zoom.querySelector("[data-zoom-frame]");
  const image = zoom.querySelector("[data-zoom-image]");
  const level = zoom.querySelector("[data-zoom-level]");
  let index = 0;
  const set = (next) => {
    const before = LEVELS[index];
    index = Math.min(LEVELS.length - 1, Math.max(0, next));
    const ratio = LEVELS[index] / before;
    const [cx, cy] = [frame.scrollLeft + frame.clientWidth / 2, frame.scrollTop + frame.clientHeight / 2];
    image.style.transform = `scale(${LEVELS[index]})`;
    frame.scrollLeft = cx * ratio - frame.clientWidth / 2;
    frame.scrollTop = cy * ratio - frame.clientHeight / 2;
    level.textContent = `${Math.round(LEVELS[index] * 100)}%`;
  };
  for (const button of zoom.querySelectorAll("[data-zoom-by]")) {
    button.addEventListener("click", () => set(index + Number(button.dataset.zoomBy)));
  }
  zoom.querySelector("[data-zoom-reset]").addEventListener("click", () => set(0));
  frame.addEventListener("wheel", (event) => {
    event.preventDefault();
    set(index + (event.deltaY < 0 ? 1 : -1));
  }, { passive: false });
  frame.addEventListener("keydown", (event) => {
    const by = { "+": 1, "=": 1, "-": -1, "0": -index }[event.key];
    if (by === undefined || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    set(index + by);
  });
}

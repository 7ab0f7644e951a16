// Outlines of the detected faces and plates over the review's preview: the boxes of the
// frame on screen, read from the web app's relay of the API a page of frames at a time, drawn
// as SVG rectangles in the picture's own pixels (the SVG's viewBox). A track still ticked to
// be masked has a solid line and "masked"; one left visible a dashed line and "visible".

const SVG = "http://www.w3.org/2000/svg";
const PAGE_FRAMES = 300;

function outlines(stage, svg) {
  const video = stage.querySelector("video");
  const timeField = document.getElementById("preview-time");
  const fps = Number(stage.dataset.fps) || 0;
  const tracks = new Map([...document.querySelectorAll("[data-track]")].map((el) => [Number(el.dataset.track), el]));
  const pages = new Pages(stage.dataset.boxes, tracks);
  const frameAt = (t) => (fps > 0 ? Math.floor(t * fps + 1e-3) : 0);
  let shown = -1;

  const show = async (time) => {
    const frame = frameAt(time);
    shown = frame;
    const boxes = await pages.at(frame);
    if (shown === frame) draw(svg, boxes, tracks, Number(stage.dataset.width));
  };
  const fromField = () => show(Number(timeField.value) || 0);
  timeField.addEventListener("input", fromField);
  timeField.addEventListener("change", fromField);
  document.getElementById("preview-scrub").addEventListener("input", fromField);
  video.addEventListener("seeked", () => show(video.currentTime));
  document.getElementById("review-form").addEventListener("change", (event) => {
    if (event.target.name === "mask") fromField(); // a track ticked or unticked
  });
  if ("requestVideoFrameCallback" in video) {
    const onFrame = (_now, meta) => {
      if (!video.paused) show(meta.mediaTime);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  } else {
    video.addEventListener("timeupdate", () => show(video.currentTime));
  }
  fromField();
}

// Pages of boxes by frame: asked for only where some track is on screen, each page once.
class Pages {
  constructor(url, tracks) {
    this.url = url;
    this.spans = [...tracks.values()].map((el) => [Number(el.dataset.firstFrame), Number(el.dataset.lastFrame)]);
    this.loaded = []; // [from, to, Map(frame -> boxes)]
    this.pending = new Map();
  }

  async at(frame) {
    if (!this.spans.some(([first, last]) => first <= frame && frame <= last)) return [];
    const page = this.loaded.find(([from, to]) => from <= frame && frame < to) || (await this.load(frame));
    if (!page) return [];
    const [, to] = page;
    const later = this.spans.some(([, last]) => last >= to);
    if (later && to - frame < PAGE_FRAMES / 3) this.load(to); // before playback gets there
    return page[2].get(frame) || [];
  }

  load(from) {
    if (this.loaded.some(([a, b]) => a <= from && from < b)) return Promise.resolve(null);
    for (const [start, asked] of this.pending) if (start <= from && from < start + PAGE_FRAMES) return asked;
    const asked = this.fetchPage(from);
    this.pending.set(from, asked);
    return asked;
  }

  async fetchPage(from) {
    try {
      const answer = await fetch(`${this.url}?from_frame=${from}&frames=${PAGE_FRAMES}`, { credentials: "same-origin" });
      if (!answer.ok) return null;
      const body = await answer.json();
      const byFrame = new Map();
      for (const box of body.boxes) {
        if (!byFrame.has(box.frame)) byFrame.set(box.frame, []);
        byFrame.get(box.frame).push(box);
      }
      const page = [body.from_frame, body.to_frame, byFrame];
      this.loaded.push(page);
      return page;
    } catch {
      return null; // offline or signed out: no outlines, the rest of the studio still works
    } finally {
      this.pending.delete(from);
    }
  }
}

function draw(svg, boxes, tracks, width) {
  const size = Math.max(12, Math.round(width / 45));
  svg.replaceChildren(
    ...boxes.flatMap((box) => {
      const el = tracks.get(box.track_id);
      if (!el) return [];
      const masked = el.querySelector("input[name=mask]")?.checked ?? true;
      const state = masked ? "masked" : "visible";
      const rect = node("rect", {
        x: box.x1, y: box.y1, width: Math.max(0, box.x2 - box.x1), height: Math.max(0, box.y2 - box.y1),
        class: `web-outline web-outline--${state}`, "data-track": box.track_id,
      });
      const name = el.querySelector("h3")?.textContent || `Track ${box.track_id}`;
      const label = node("text", { x: box.x1, y: Math.max(size, box.y1 - 4), "font-size": size, class: "web-outline__label" });
      label.textContent = `${name} · ${state}`;
      return [rect, label];
    }),
  );
}

function node(name, attributes) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

// Last: the class above is not hoisted like the functions.
const stage = document.getElementById("stage");
const svg = stage?.querySelector(".web-stage__outlines");
if (stage && svg) outlines(stage, svg);

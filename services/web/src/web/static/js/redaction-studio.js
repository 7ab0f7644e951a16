// The redaction studio's preview and hand-drawn masks: a canvas over the original <video>
// draws every mask at the chosen time (keyframes interpolated in a straight line, as the
// renderer does), and draws new rectangles and polygons. The form's fields are the masks:
// drawing writes numbers into them, and typing in them redraws the canvas.

const stage = document.getElementById("stage");
if (stage) studio(stage);

function studio(stage) {
  const video = stage.querySelector("video");
  const canvas = stage.querySelector("canvas");
  const list = document.getElementById("mask-list");
  const timeField = document.getElementById("preview-time");
  const scrub = document.getElementById("preview-scrub");
  const size = { w: Number(stage.dataset.width), h: Number(stage.dataset.height) };
  const duration = Number(stage.dataset.duration) || 0;
  const state = { uid: 0, selected: null, sketch: null };
  const view = { canvas, ctx: canvas.getContext("2d"), size, state };
  const now = () => Number(timeField.value) || 0;
  const redraw = () => draw(view, readMasks(list), now());

  function seek(time, typed = false) {
    const t = Math.min(Math.max(Number(time) || 0, 0), duration);
    if (!typed) timeField.value = t.toFixed(2);
    scrub.value = String(t);
    if (Math.abs(video.currentTime - t) > 0.005) video.currentTime = t;
    redraw();
  }
  timeField.addEventListener("input", () => seek(timeField.value, true));
  timeField.addEventListener("change", () => seek(timeField.value));
  scrub.addEventListener("input", () => seek(scrub.value));
  video.addEventListener("timeupdate", () => {
    if (video.paused) return;
    timeField.value = video.currentTime.toFixed(2);
    scrub.value = String(video.currentTime);
    redraw();
  });
  video.addEventListener("loadeddata", redraw);
  const play = document.querySelector("[data-action=play]");
  play.addEventListener("click", () => (video.paused ? video.play() : video.pause()));
  video.addEventListener("play", () => { play.textContent = "Pause"; });
  video.addEventListener("pause", () => { play.textContent = "Play"; seek(video.currentTime); });

  const masks = { list, state, size, duration, now, redraw };
  document.querySelector("[data-action=add-rect]").addEventListener("click", () => addMask(masks, "rect"));
  document.querySelector("[data-action=add-polygon]").addEventListener("click", () => addMask(masks, "polygon"));
  list.addEventListener("click", (event) => maskAction(masks, event));
  list.addEventListener("input", redraw);
  list.addEventListener("focusin", (event) => select(masks, event.target.closest("[data-mask]")));
  drawing(view, masks);
  renumber(list);
  trackNames(now, redraw);
  seek(0);
}

function trackNames(now, redraw) {
  // Which detected tracks are on screen at the chosen time, and whether each will be masked.
  const out = document.getElementById("tracks-now");
  const tracks = [...document.querySelectorAll("[data-track]")];
  const fps = Number(document.getElementById("stage").dataset.fps) || 30;
  const update = () => {
    const frame = Math.floor(now() * fps + 1e-3); // the frame the player shows, as the outlines
    const on = tracks.filter(
      (el) => Number(el.dataset.firstFrame) <= frame && frame <= Number(el.dataset.lastFrame),
    );
    const state = (el) => (el.querySelector("input[name=mask]")?.checked === false ? "left visible" : "masked");
    const names = on.map((el) => `${el.querySelector("h3").textContent} (${state(el)})`);
    out.textContent = `Tracks on screen at this time: ${names.join(", ") || "none"}.`;
  };
  document.getElementById("preview-time").addEventListener("input", update);
  document.getElementById("preview-scrub").addEventListener("change", update);
  document.getElementById("stage").querySelector("video").addEventListener("timeupdate", update);
  document.getElementById("preview-scrub").addEventListener("input", update);
  tracks.forEach((el) => el.addEventListener("change", update));
  update();
}

export function parsePoints(text) {
  const points = [];
  for (const pair of String(text).trim().split(/[\s;]+/)) {
    const [x, y] = pair.split(",").map(Number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [];
    points.push([x, y]);
  }
  return points;
}

function readMasks(list) {
  return [...list.querySelectorAll("[data-mask]")].map((fs) => ({
    fs,
    shape: fs.dataset.shape,
    name: fs.querySelector("[name=mask_id]").value,
    start: Number(fs.querySelector("[name=mask_start]").value || 0),
    end: Number(fs.querySelector("[name=mask_end]").value || 0),
    keyframes: [...fs.querySelectorAll("[data-keyframe]")]
      .map((k) => ({ time: Number(k.querySelector("[name=kf_time]").value), points: parsePoints(k.querySelector("[name=kf_points]").value) }))
      .filter((k) => Number.isFinite(k.time) && k.points.length > 0)
      .sort((a, b) => a.time - b.time),
  }));
}

export function pointsAt(mask, t) {
  // The renderer's rule: nothing outside start-end; before the first keyframe and after the
  // last one the mask holds still; in between it moves in a straight line.
  const keys = mask.keyframes;
  if (t < mask.start || t > mask.end || keys.length === 0) return null;
  const after = keys.findIndex((k) => k.time > t);
  if (after === 0) return keys[0].points;
  if (after === -1) return keys[keys.length - 1].points;
  const a = keys[after - 1];
  const b = keys[after];
  if (a.points.length !== b.points.length) return a.points;
  const f = b.time > a.time ? (t - a.time) / (b.time - a.time) : 0;
  return a.points.map(([x, y], i) => [x + (b.points[i][0] - x) * f, y + (b.points[i][1] - y) * f]);
}

function outline(ctx, shape, points) {
  ctx.beginPath();
  if (shape === "rect" && points.length >= 2) {
    const [[x1, y1], [x2, y2]] = points;
    ctx.rect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
    return;
  }
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
}

function draw(view, masks, t) {
  const { ctx, size, state } = view;
  ctx.clearRect(0, 0, size.w, size.h);
  ctx.lineWidth = Math.max(2, size.w / 320);
  ctx.font = `${Math.max(12, Math.round(size.w / 40))}px sans-serif`;
  for (const mask of masks) {
    const points = pointsAt(mask, t);
    if (!points) continue;
    const chosen = mask.fs === state.selected;
    outline(ctx, mask.shape, points);
    ctx.fillStyle = chosen ? "rgba(255, 190, 46, 0.45)" : "rgba(0, 0, 0, 0.45)";
    ctx.strokeStyle = chosen ? "#ffbe2e" : "#ffffff";
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = "#ffffff";
    ctx.fillText(mask.name, points[0][0] + 4, points[0][1] + ctx.lineWidth + 14);
  }
  const sketch = state.sketch;
  if (sketch && sketch.points.length) {
    outline(ctx, sketch.shape, sketch.points);
    ctx.strokeStyle = "#00bde3";
    ctx.stroke();
  }
}

function select(masks, fs) {
  if (!fs || fs === masks.state.selected) return;
  masks.list.querySelectorAll("[data-mask]").forEach((m) => m.classList.toggle("web-mask--selected", m === fs));
  masks.state.selected = fs;
  masks.redraw();
}

function fresh(template, uid) {
  const html = template.innerHTML.replaceAll("tmpl-uid", uid);
  const holder = document.createElement("div");
  holder.innerHTML = html;
  return holder.firstElementChild;
}

function defaultPoints(shape, size) {
  const { w, h } = size;
  const r = (v) => Math.round(v);
  if (shape === "rect") return [[r(w * 0.4), r(h * 0.4)], [r(w * 0.6), r(h * 0.6)]];
  return [[r(w * 0.5), r(h * 0.35)], [r(w * 0.62), r(h * 0.62)], [r(w * 0.38), r(h * 0.62)]];
}

function addMask(masks, shape, points) {
  const fs = fresh(document.getElementById("mask-template"), `n${++masks.state.uid}`);
  fs.dataset.shape = shape;
  fs.querySelector("[name=mask_shape]").value = shape;
  const taken = new Set(readMasks(masks.list).map((m) => m.name));
  let n = taken.size + 1;
  while (taken.has(`mask-${n}`)) n += 1;
  fs.querySelector("[name=mask_id]").value = `mask-${n}`;
  fs.querySelector("[name=mask_start]").value = "0";
  fs.querySelector("[name=mask_end]").value = masks.duration.toFixed(2);
  masks.list.append(fs);
  addKeyframe(masks, fs, points || defaultPoints(shape, masks.size));
  select(masks, fs);
  if (!points) fs.querySelector("[name=mask_id]").focus(); // drawn: the eyes stay on the frame
  return fs;
}

const pointsText = (points) => points.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(" ");

function addKeyframe(masks, fs, points) {
  const t = masks.now();
  const same = [...fs.querySelectorAll("[data-keyframe]")].find((k) => Math.abs(Number(k.querySelector("[name=kf_time]").value) - t) < 0.005);
  const mask = readMasks(masks.list).find((m) => m.fs === fs);
  const here = points || (mask && pointsAt({ ...mask, start: 0, end: Infinity }, t)) || defaultPoints(fs.dataset.shape, masks.size);
  const row = same || fresh(document.getElementById(`keyframe-template-${fs.dataset.shape}`), `n${++masks.state.uid}`);
  row.querySelector("[name=kf_time]").value = t.toFixed(2);
  row.querySelector("[name=kf_points]").value = pointsText(here);
  if (!same) fs.querySelector("[data-keyframes]").append(row);
  renumber(masks.list);
  masks.redraw();
  return row;
}

function maskAction(masks, event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const fs = button.closest("[data-mask]");
  if (button.dataset.action === "add-keyframe") {
    addKeyframe(masks, fs).querySelector("[name=kf_points]").focus();
  } else if (button.dataset.action === "remove-keyframe") {
    button.closest("[data-keyframe]").remove();
    fs.querySelector("[data-action=add-keyframe]").focus();
  } else if (button.dataset.action === "remove-mask") {
    fs.remove();
    if (masks.state.selected === fs) masks.state.selected = null;
    document.getElementById("manual-masks").focus();
  }
  renumber(masks.list);
  masks.redraw();
}

function renumber(list) {
  const names = { rect: "rectangle", polygon: "polygon" };
  list.querySelectorAll("[data-mask]").forEach((fs, i) => {
    fs.querySelector(".web-mask__legend").textContent = `Mask ${i + 1} (${names[fs.dataset.shape] || "shape"})`;
    fs.querySelectorAll("[data-keyframe]").forEach((k, j) => {
      k.querySelector(".web-keyframe__legend").textContent = `Keyframe ${j + 1}`;
      k.querySelector("[name=kf_mask]").value = String(i);
    });
  });
}

function drawing(view, masks) {
  const { canvas, state, size } = view;
  canvas.tabIndex = 0;
  const tool = () => document.querySelector("input[name=tool]:checked")?.value || "none";
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * size.w) / box.width, ((event.clientY - box.top) * size.h) / box.height];
  };
  const target = (shape, count) => {
    const fs = state.selected;
    if (!fs || !fs.isConnected || fs.dataset.shape !== shape) return null;
    const mask = readMasks(masks.list).find((m) => m.fs === fs);
    return !mask || count === null || mask.keyframes.every((k) => k.points.length === count) ? fs : null;
  };
  const finish = (shape, points) => {
    state.sketch = null;
    const fs = target(shape, shape === "rect" ? 2 : points.length);
    if (fs) addKeyframe(masks, fs, points);
    else addMask(masks, shape, points);
  };
  canvas.addEventListener("pointerdown", (event) => {
    const shape = tool();
    if (shape === "rect") {
      canvas.setPointerCapture(event.pointerId);
      state.sketch = { shape, points: [at(event), at(event)] };
    } else if (shape === "polygon") {
      state.sketch = state.sketch?.shape === "polygon" ? state.sketch : { shape, points: [] };
      state.sketch.points.push(at(event));
    }
    masks.redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (state.sketch?.shape !== "rect") return;
    state.sketch.points[1] = at(event);
    masks.redraw();
  });
  canvas.addEventListener("pointerup", () => {
    const sketch = state.sketch;
    if (sketch?.shape !== "rect") return;
    const [[x1, y1], [x2, y2]] = sketch.points;
    if (Math.abs(x2 - x1) < 2 || Math.abs(y2 - y1) < 2) { state.sketch = null; masks.redraw(); return; }
    finish("rect", [[Math.min(x1, x2), Math.min(y1, y2)], [Math.max(x1, x2), Math.max(y1, y2)]]);
  });
  const closePolygon = () => {
    const sketch = state.sketch;
    if (sketch?.shape !== "polygon") return;
    const points = sketch.points.filter((p, i, all) => i === 0 || Math.hypot(p[0] - all[i - 1][0], p[1] - all[i - 1][1]) > 1);
    if (points.length >= 3) finish("polygon", points);
  };
  canvas.addEventListener("dblclick", closePolygon);
  canvas.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); closePolygon(); }
    if (event.key === "Escape") { state.sketch = null; masks.redraw(); }
  });
}

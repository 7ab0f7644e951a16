// The studio's audio: the item's sound decoded in the browser (WebAudio) and drawn as a
// waveform; dragging across it adds a range to mute or bleep. Ranges are rows of "From" and
// "To" fields, typed or drawn; the waveform shades them.

const wave = document.getElementById("wave");
if (wave) audio(wave);

const MAX_BYTES = 300 * 1024 * 1024; // a longer recording: type the ranges instead

function audio(wave) {
  const canvas = wave.querySelector("canvas");
  const status = wave.querySelector(".web-wave__status");
  const list = document.getElementById("mute-ranges");
  const duration = Number(wave.dataset.duration) || 0;
  const view = { canvas, ctx: canvas.getContext("2d"), peaks: null, drag: null, duration, list };
  const redraw = () => paint(view);
  renumber(list);
  document.querySelector("[data-action=add-range]").addEventListener("click", () => {
    addRange(list, "", "").querySelector("[name=mute_start]").focus();
  });
  list.addEventListener("input", redraw);
  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action=remove-range]");
    if (!button) return;
    button.closest("[data-range]").remove();
    renumber(list);
    list.focus();
    redraw();
  });
  dragging(view, redraw);
  load(wave.dataset.src, canvas.width)
    .then((peaks) => {
      view.peaks = peaks;
      status.textContent = `Waveform of ${duration.toFixed(1)} s of audio. Drag across it to add a range.`;
      redraw();
    })
    .catch(() => {
      status.textContent = "The waveform could not be drawn here; type the ranges instead.";
      redraw();
    });
  redraw();
}

async function load(src, columns) {
  const head = await fetch(src, { headers: { Range: "bytes=0-0" } });
  const total = Number((head.headers.get("content-range") || "").split("/")[1]);
  if (!Number.isFinite(total) || total > MAX_BYTES) throw new Error("too large");
  const bytes = await (await fetch(src)).arrayBuffer();
  const context = new OfflineAudioContext(1, 1, 8000);
  const decoded = await context.decodeAudioData(bytes);
  const data = decoded.getChannelData(0);
  const step = Math.max(1, Math.floor(data.length / columns));
  const peaks = new Float32Array(columns);
  for (let c = 0; c < columns; c += 1) {
    let peak = 0;
    for (let i = c * step; i < Math.min(data.length, (c + 1) * step); i += 1) peak = Math.max(peak, Math.abs(data[i]));
    peaks[c] = peak;
  }
  return peaks;
}

function ranges(list) {
  return [...list.querySelectorAll("[data-range]")].map((row) => [
    Number(row.querySelector("[name=mute_start]").value),
    Number(row.querySelector("[name=mute_end]").value),
  ]);
}

function paint(view) {
  const { canvas, ctx, peaks, drag, duration, list } = view;
  const { width, height } = canvas;
  ctx.fillStyle = "#f0f0f0";
  ctx.fillRect(0, 0, width, height);
  const x = (t) => (duration ? (t / duration) * width : 0);
  ctx.fillStyle = "rgba(216, 57, 51, 0.35)";
  for (const [a, b] of ranges(list)) if (Number.isFinite(a) && Number.isFinite(b) && b > a) ctx.fillRect(x(a), 0, x(b) - x(a), height);
  if (drag) ctx.fillRect(Math.min(drag.a, drag.b), 0, Math.abs(drag.b - drag.a), height);
  if (!peaks) return;
  ctx.fillStyle = "#1b1b1b";
  peaks.forEach((peak, c) => {
    const h = Math.max(1, peak * height);
    ctx.fillRect(c, (height - h) / 2, 1, h);
  });
}

function dragging(view, redraw) {
  const { canvas, duration, list } = view;
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return ((event.clientX - box.left) * canvas.width) / box.width;
  };
  canvas.addEventListener("pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    view.drag = { a: at(event), b: at(event) };
    redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!view.drag) return;
    view.drag.b = at(event);
    redraw();
  });
  canvas.addEventListener("pointerup", () => {
    const drag = view.drag;
    view.drag = null;
    const seconds = (px) => Math.min(duration, Math.max(0, (px / canvas.width) * duration));
    const [a, b] = [seconds(Math.min(drag.a, drag.b)), seconds(Math.max(drag.a, drag.b))];
    if (b - a >= 0.05) addRange(list, a.toFixed(2), b.toFixed(2));
    redraw();
  });
}

let uid = 0;

function addRange(list, start, end) {
  const holder = document.createElement("div");
  holder.innerHTML = document.getElementById("range-template").innerHTML;
  const row = holder.firstElementChild;
  row.querySelector("[name=mute_start]").value = start;
  row.querySelector("[name=mute_end]").value = end;
  list.append(row);
  const radio = document.querySelector("input[name=audio][value=ranges]");
  if (radio) radio.checked = true;
  renumber(list);
  return row;
}

function renumber(list) {
  list.querySelectorAll("[data-range]").forEach((row, i) => {
    row.querySelector(".web-range__legend").textContent = `Range ${i + 1}`;
    for (const input of row.querySelectorAll("input[data-id]")) {
      if (!input.id) input.id = `range-${(uid += 1)}-${input.dataset.id}`;
      row.querySelector(`label[data-for=${input.dataset.id}]`).htmlFor = input.id;
    }
  });
}

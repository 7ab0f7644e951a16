// The evidence player's own controls over a <video> or <audio>: play and pause, frame steps
// (1/fps when the page knows the frame rate, else 1/30 s), speed, the position, the capture
// wall-clock time as an overlay, keyboard shortcuts that leave fields alone, and comments'
// time codes that seek.
import { timeCode, typing, wallClock } from "./media-time.js";

const box = document.querySelector("[data-player]");
const media = box?.querySelector("[data-player-media]");
if (box && media) {
  setUp(box, media);
}

function setUp(box, media) {
  const frame = Number(box.dataset.frameSeconds) || 1 / 30;
  const start = box.dataset.captureStartMs ? Number(box.dataset.captureStartMs) : null;
  const overlay = box.querySelector("[data-player-overlay]");
  const time = box.querySelector("[data-player-time]");
  const play = box.querySelector('[data-action="play"]');
  const speed = box.querySelector("[data-player-speed]");
  const show = () => {
    time.textContent = timeCode(media.currentTime);
    if (overlay && start !== null) overlay.textContent = wallClock(start + media.currentTime * 1000);
  };
  const tick = () => {
    show();
    if (!media.paused) requestAnimationFrame(tick);
  };
  const controls = {
    toggle: () => (media.paused ? media.play() : media.pause()),
    step: (frames) => {
      media.pause();
      const at = Math.round(media.currentTime / frame) + frames;
      media.currentTime = clamp(at * frame, media.duration);
    },
    seek: (seconds) => {
      media.currentTime = clamp(seconds, media.duration);
    },
    faster: (by) => {
      speed.selectedIndex = Math.min(speed.options.length - 1, Math.max(0, speed.selectedIndex + by));
      media.playbackRate = Number(speed.value);
    },
  };
  media.addEventListener("play", () => { play.textContent = "Pause"; tick(); });
  media.addEventListener("pause", () => { play.textContent = "Play"; show(); });
  for (const name of ["timeupdate", "seeked", "loadedmetadata"]) media.addEventListener(name, show);
  play.addEventListener("click", controls.toggle);
  box.querySelector('[data-action="back"]')?.addEventListener("click", () => controls.step(-1));
  box.querySelector('[data-action="forward"]')?.addEventListener("click", () => controls.step(1));
  speed.addEventListener("change", () => { media.playbackRate = Number(speed.value); });
  document.addEventListener("keydown", (event) => shortcut(event, media, controls));
  wireComments(media, controls);
  show();
}

function shortcut(event, media, controls) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const keys = {
    k: controls.toggle,
    " ": controls.toggle,
    ",": () => controls.step(-1),
    ".": () => controls.step(1),
    j: () => controls.seek(media.currentTime - 5),
    l: () => controls.seek(media.currentTime + 5),
    "<": () => controls.faster(-1),
    ">": () => controls.faster(1),
  };
  const action = keys[event.key];
  // Space on a button or link presses it; only elsewhere is it play and pause.
  if (!action || (event.key === " " && event.target.closest?.("button, a, summary"))) return;
  event.preventDefault();
  action();
}

function wireComments(media, controls) {
  for (const button of document.querySelectorAll("[data-seek]")) {
    button.addEventListener("click", () => controls.seek(Number(button.dataset.seek)));
  }
  document.querySelector('[data-action="stamp"]')?.addEventListener("click", () => {
    const field = document.getElementById("at");
    field.value = timeCode(media.currentTime);
    field.focus();
  });
}

function clamp(seconds, duration) {
  const end = Number.isFinite(duration) ? duration : Infinity;
  return Math.min(Math.max(0, seconds), end);
}

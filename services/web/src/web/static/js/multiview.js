// Several videos of a case on one clock, placed by their capture starts: one Play, one
// position and one speed for all. The clock runs on the wall clock (times the speed); each
// video plays at clock - its offset, waits (showing when it starts) before that and stops
// after its end, and is put back in step when it drifts (played faster or slower, or sought).
import { timeCode, typing, wallClock } from "./media-time.js";

const DRIFT = 0.05;
const SEEK_BEYOND = 1;
const view = document.querySelector("[data-multiview]");
if (view) {
  setUp(view);
}

function setUp(view) {
  const lanes = [...view.querySelectorAll("[data-lane]")].map((lane) => ({
    video: lane.querySelector("video"),
    waiting: lane.querySelector("[data-lane-waiting]"),
    offset: Number(lane.dataset.offset),
    duration: Number(lane.dataset.duration),
    startMs: lane.dataset.captureStartMs ? Number(lane.dataset.captureStartMs) - Number(lane.dataset.offset) * 1000 : null,
  }));
  const play = view.querySelector('[data-action="play"]');
  const speed = view.querySelector("[data-player-speed]");
  const seek = view.querySelector("[data-multiview-seek]");
  const time = view.querySelector("[data-player-time]");
  const clock = { at: 0, running: false, since: 0, from: 0, rate: 1 };
  const end = () => Math.max(...lanes.map((l) => l.offset + (l.duration || l.video.duration || 0)));
  const now = () => (clock.running ? clock.from + ((performance.now() - clock.since) / 1000) * clock.rate : clock.at);
  const restart = () => { clock.from = now(); clock.since = performance.now(); };
  const frame = () => {
    clock.at = now();
    if (clock.at >= end()) { clock.at = end(); stop(); }
    for (const lane of lanes) place(lane, clock, clock.at);
    seek.max = String(end().toFixed(1));
    seek.value = String(clock.at);
    const origin = lanes.find((l) => l.startMs !== null)?.startMs;
    time.textContent = origin ? wallClock(origin + clock.at * 1000) : timeCode(clock.at);
    if (clock.running) requestAnimationFrame(frame);
  };
  const start = () => { restart(); clock.running = true; play.textContent = "Pause"; frame(); };
  const stop = () => { clock.at = now(); clock.running = false; play.textContent = "Play"; frame(); };
  play.addEventListener("click", () => (clock.running ? stop() : start()));
  speed.addEventListener("change", () => { restart(); clock.rate = Number(speed.value); frame(); });
  seek.addEventListener("input", () => { clock.at = Number(seek.value); restart(); clock.from = clock.at; frame(); });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "k" || typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    clock.running ? stop() : start();
  });
  for (const lane of lanes) lane.video.addEventListener("loadedmetadata", frame);
  frame();
}

function place(lane, clock, at) {
  const local = at - lane.offset;
  const duration = lane.duration || lane.video.duration || 0;
  lane.waiting.hidden = local >= 0;
  const inside = local >= 0 && local < duration;
  const target = Math.min(Math.max(0, local), duration);
  if (!clock.running || !inside) {
    if (!lane.video.paused) lane.video.pause();
    if (Math.abs(lane.video.currentTime - target) > 0.05 && lane.video.readyState > 0) lane.video.currentTime = target;
    return;
  }
  // Behind or ahead by a little: caught up by playing a little faster or slower (a seek
  // would cost more than it corrects); by more than SEEK_BEYOND, a seek.
  const drift = local - lane.video.currentTime;
  if (Math.abs(drift) > SEEK_BEYOND && !lane.video.seeking) lane.video.currentTime = local;
  const nudge = Math.abs(drift) > DRIFT ? Math.max(-0.5, Math.min(0.5, drift)) : 0;
  lane.video.playbackRate = clock.rate * (1 + nudge);
  if (lane.video.paused) lane.video.play().catch(() => {});
}

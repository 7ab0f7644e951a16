// How the player pages write times: a position in a recording, and a moment on the wall clock.

/** `1:05.2` or `1:02:05.0`: minutes and seconds into a recording, with tenths. */
export function timeCode(seconds) {
  const tenths = Math.max(0, Math.round(seconds * 10));
  const whole = Math.floor(tenths / 10);
  const [hours, minutes, secs] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const mmss = `${hours ? `${hours}:${pad(minutes)}` : minutes}:${pad(secs)}`;
  return `${mmss}.${tenths % 10}`;
}

/** `2026-12-01 23:50:01.2 UTC`, from milliseconds since the epoch. */
export function wallClock(ms) {
  const iso = new Date(Math.round(ms / 100) * 100).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 21)} UTC`;
}

/** Whether a key press belongs to a field (shortcuts must leave typing alone). */
export function typing(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]") !== null;
}

function pad(value) {
  return String(value).padStart(2, "0");
}

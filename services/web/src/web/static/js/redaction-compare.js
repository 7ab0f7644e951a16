// A completed redaction: the original and the redacted copy played together with one set of
// controls. The original leads; the copy follows it whenever they drift apart.

const compare = document.getElementById("compare");
if (compare) together(compare);

function together(compare) {
  const [original, copy] = compare.querySelectorAll("video");
  const play = compare.querySelector("[data-action=play-both]");
  const scrub = document.getElementById("compare-scrub");
  const time = document.getElementById("compare-time");
  const sound = document.getElementById("compare-sound");
  const show = () => {
    scrub.value = String(original.currentTime);
    time.textContent = `${original.currentTime.toFixed(2)} s`;
  };
  const follow = () => {
    if (Math.abs(copy.currentTime - original.currentTime) > 0.1) copy.currentTime = original.currentTime;
  };
  play.addEventListener("click", async () => {
    if (original.paused) {
      follow();
      await Promise.all([original.play(), copy.play()]);
    } else {
      original.pause();
      copy.pause();
    }
  });
  original.addEventListener("play", () => { play.textContent = "Pause both"; });
  original.addEventListener("pause", () => {
    play.textContent = "Play both";
    copy.pause();
    copy.currentTime = original.currentTime; // both show the same moment
  });
  original.addEventListener("ended", () => copy.pause());
  original.addEventListener("timeupdate", () => { show(); if (!original.paused) follow(); });
  original.addEventListener("loadedmetadata", () => { scrub.max = String(original.duration); });
  scrub.addEventListener("input", () => {
    original.currentTime = Number(scrub.value);
    copy.currentTime = Number(scrub.value);
    show();
  });
  sound.addEventListener("change", () => { copy.muted = !sound.checked; });
}

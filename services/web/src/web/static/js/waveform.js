// An audio item's waveform on a canvas: the bytes fetched through this site's relay, decoded
// with WebAudio, drawn as peaks (the played part in the link colour); a click seeks there.
// No library: wavesurfer.js styles its shadow DOM inline, which the page's CSP refuses.
const canvas = document.querySelector("[data-waveform]");
const media = document.querySelector("[data-player-media]");
if (canvas && media) {
  draw(canvas, media).catch(() => {
    canvas.setAttribute("aria-label", "The waveform could not be drawn for this file");
  });
}

async function draw(canvas, media) {
  const response = await fetch(canvas.dataset.src, { credentials: "same-origin" });
  const decoder = new OfflineAudioContext(1, 1, 44100);
  const audio = await decoder.decodeAudioData(await response.arrayBuffer());
  const peaks = peaksOf(audio.getChannelData(0), canvas.width);
  const paint = () => paintPeaks(canvas, peaks, media.duration ? media.currentTime / media.duration : 0);
  for (const name of ["timeupdate", "seeked", "loadedmetadata"]) media.addEventListener(name, paint);
  canvas.addEventListener("click", (event) => {
    const box = canvas.getBoundingClientRect();
    if (media.duration) media.currentTime = ((event.clientX - box.left) / box.width) * media.duration;
  });
  paint();
  canvas.dataset.drawn = "true";
}

function peaksOf(samples, columns) {
  const size = Math.max(1, Math.floor(samples.length / columns));
  const peaks = new Float32Array(columns);
  for (let column = 0; column < columns; column += 1) {
    let peak = 0;
    for (let i = column * size; i < Math.min(samples.length, (column + 1) * size); i += 1) {
      peak = Math.max(peak, Math.abs(samples[i]));
    }
    peaks[column] = peak;
  }
  return peaks;
}

function paintPeaks(canvas, peaks, played) {
  const context = canvas.getContext("2d");
  const style = getComputedStyle(canvas);
  const middle = canvas.height / 2;
  context.clearRect(0, 0, canvas.width, canvas.height);
  peaks.forEach((peak, column) => {
    context.fillStyle = column / peaks.length < played ? style.getPropertyValue("--played").trim() : style.color;
    const half = Math.max(1, peak * middle);
    context.fillRect(column, middle - half, 1, half * 2);
  });
}

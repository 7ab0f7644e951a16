// The compose page: as a window is typed, say what its owner will refuse or no longer have
// (the camera's retention, the owner's maximum span), before the request is sent. The server
// renders the same warnings after a refused send; the API decides in the end.
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function utc(value) {
  // A datetime-local value is read as UTC, like every time on these pages.
  return value ? new Date(`${value}:00Z`) : null;
}

function warningsFor(fieldset) {
  const start = utc(fieldset.querySelector("[data-start]").value);
  const end = utc(fieldset.querySelector("[data-end]").value);
  const days = Number(fieldset.dataset.retentionDays);
  const hours = Number(fieldset.dataset.maxSpanHours);
  const found = [];
  if (days && start && start < new Date(Date.now() - days * DAY)) {
    found.push(
      `This camera keeps video for ${days} days: the start is older than that, so the video may be gone`,
    );
  }
  if (hours && start && end && end - start > hours * HOUR) {
    found.push(`The owner allows at most ${hours} hours per camera: shorten the window`);
  }
  return found;
}

function show(fieldset) {
  const box = fieldset.querySelector("[data-warnings]");
  box.replaceChildren(
    ...warningsFor(fieldset).map((text) => {
      const alert = document.createElement("div");
      alert.className = "usa-alert usa-alert--warning usa-alert--slim";
      const body = document.createElement("div");
      body.className = "usa-alert__body";
      const line = document.createElement("p");
      line.className = "usa-alert__text";
      line.textContent = text;
      body.append(line);
      alert.append(body);
      return alert;
    }),
  );
}

for (const fieldset of document.querySelectorAll("[data-window]")) {
  for (const event of ["input", "change"]) {
    fieldset.addEventListener(event, () => show(fieldset));
  }
}

// The field-capture app: a photo or video from the phone's camera is kept in IndexedDB with
// the case it belongs to, then uploaded with tus (grant source "mobile": "Field capture").
// Offline, captures wait ("waiting for network") and upload when the `online` event comes;
// an upload cut off part way resumes from the device gateway's offset.
import { all, drop, keep } from "./capture-queue.js";
import { uploadGrant } from "./upload-grant.js";
import { refusalOf, sendFile } from "./tus-upload.js";

const list = document.getElementById("queue");
const summary = document.getElementById("queue-summary");
const network = document.getElementById("network");
const shoot = document.getElementById("shoot");
const caseSelect = document.getElementById("case");
const views = new Map();
let draining = false;

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/capture" });
}

function showNetwork() {
  const online = navigator.onLine !== false;
  network.textContent = online ? "Online" : "Offline: captures wait for the network";
  network.classList.toggle("web-tag--offline", !online);
}

function viewOf(capture) {
  if (views.has(capture.id)) return views.get(capture.id);
  const item = document.createElement("li");
  const label = document.createElement("label");
  label.className = "web-upload-row__name";
  label.htmlFor = `capture-${capture.id}`;
  label.textContent = `${capture.file.name} · case ${capture.caseNumber}`;
  const bar = document.createElement("progress");
  bar.id = `capture-${capture.id}`;
  bar.max = 100;
  bar.value = 0;
  const status = document.createElement("span");
  status.className = "web-upload-row__status";
  status.id = `capture-${capture.id}-status`;
  bar.setAttribute("aria-describedby", status.id);
  item.append(label, bar, status);
  list.prepend(item);
  const view = { item, bar, status, state: "" };
  views.set(capture.id, view);
  return view;
}

function say(capture, state, words) {
  const view = viewOf(capture);
  view.state = state;
  view.status.textContent = words;
  view.item.classList.toggle("web-upload--done", state === "done");
  view.item.classList.toggle("web-upload--error", state === "failed");
  const states = Array.from(views.values()).map((v) => v.state);
  const count = (s) => states.filter((x) => x === s).length;
  const parts = [`${count("done")} uploaded`];
  if (count("waiting")) parts.push(`${count("waiting")} waiting for network`);
  if (count("sending")) parts.push(`${count("sending")} uploading`);
  if (count("failed")) parts.push(`${count("failed")} failed`);
  summary.textContent = `${states.length} capture${states.length === 1 ? "" : "s"}: ${parts.join(", ")}.`;
}

function send(capture, grant) {
  const view = viewOf(capture);
  const target = { endpoint: grant.tus_url, token: grant.token, metadata: {} };
  const task = sendFile(capture.file, target, {
    progress: (sent, total) => {
      view.bar.value = total ? (sent / total) * 100 : 100;
      if (view.state !== "sending") say(capture, "sending", "uploading");
    },
    resumed: (offset, total) => say(capture, "sending", `resumed at ${Math.floor((offset / total) * 100)}%`),
    waiting: () => say(capture, "waiting", "waiting for network"),
    success: () => {
      view.bar.value = 100;
      say(capture, "done", "uploaded");
    },
    error: (error) => say(capture, "failed", refusalOf(error)),
  });
  task.start();
  return task.done;
}

async function drain() {
  if (draining) return;
  draining = true;
  try {
    for (const capture of await all()) {
      if (navigator.onLine === false) {
        say(capture, "waiting", "waiting for network");
        continue;
      }
      let grant;
      try {
        grant = await uploadGrant(capture.caseId, "mobile");
      } catch {
        say(capture, "waiting", navigator.onLine === false ? "waiting for network" : "no upload link yet: will retry");
        continue;
      }
      say(capture, "sending", "uploading");
      if (await send(capture, grant)) await drop(capture.id);
    }
  } finally {
    draining = false;
  }
}

async function captured() {
  const chosen = shoot.files[0];
  if (!chosen) return;
  const option = caseSelect.selectedOptions[0];
  // A File keeps its name, type and modified time (the tus fingerprint) through IndexedDB.
  const capture = {
    id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    caseId: option.value,
    caseNumber: option.dataset.number,
    file: chosen,
  };
  await keep(capture);
  shoot.value = "";
  say(capture, "waiting", navigator.onLine === false ? "waiting for network" : "queued");
  drain();
}

if (shoot) shoot.addEventListener("change", captured);
window.addEventListener("online", () => {
  showNetwork();
  drain();
});
window.addEventListener("offline", showNetwork);
showNetwork();
all().then((kept) => {
  for (const capture of kept) say(capture, "waiting", "waiting for network");
  drain();
});

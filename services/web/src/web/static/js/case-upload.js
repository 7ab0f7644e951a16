// A case's upload page: files and folders dropped on the page or chosen with either input go
// to the device gateway with tus, three at a time, each with its own progress bar and a
// pause/resume button, and the total above them; the live summary says what is happening.
// When all are sent, links to the items as they arrive in the case.
import { uploadGrant } from "./upload-grant.js";
import { refusalOf, sendFile } from "./tus-upload.js";

const root = document.getElementById("uploader");
const caseId = root.dataset.caseId;
const dropzone = document.getElementById("dropzone");
const list = document.getElementById("upload-list");
const summary = document.getElementById("summary");
const totalBar = document.getElementById("total-progress");
const totalLabel = document.getElementById("total-label");
const PARALLEL = 3;
const rows = [];
let running = 0;
let grant = null;

const percent = (sent, total) => (total ? Math.floor((sent / total) * 100) : 100);

function describe(row, words) {
  row.status.textContent = words;
}

function newRow(file, path) {
  const item = document.createElement("li");
  item.className = "web-upload-row";
  const id = `upload-${rows.length}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "web-upload-row__name";
  label.textContent = path || file.name;
  const bar = document.createElement("progress");
  bar.id = id;
  bar.max = 100;
  bar.value = 0;
  const status = document.createElement("span");
  status.className = "web-upload-row__status";
  status.id = `${id}-status`;
  bar.setAttribute("aria-describedby", status.id);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "usa-button usa-button--unstyled web-upload-row__action";
  button.hidden = true;
  item.append(label, bar, status, button);
  list.append(item);
  const row = { file, path, item, bar, status, button, sent: 0, state: "queued", task: null };
  button.addEventListener("click", () => toggle(row));
  describe(row, "waiting to start");
  rows.push(row);
  return row;
}

function setAction(row, words) {
  row.button.hidden = !words;
  row.button.textContent = words || "";
  if (words) row.button.setAttribute("aria-label", `${words} ${row.path || row.file.name}`);
}

function toggle(row) {
  if (row.state === "sending") {
    row.state = "paused";
    row.task.pause();
    describe(row, `paused at ${percent(row.sent, row.file.size)}%`);
    setAction(row, "Resume");
  } else if (row.state === "paused") {
    row.state = "sending";
    row.task.resume();
    describe(row, "uploading");
    setAction(row, "Pause");
  } else if (row.state === "failed") {
    row.state = "queued";
    row.item.classList.remove("web-upload--error");
    describe(row, "waiting to start");
    setAction(row, "");
    pump();
  }
  refresh();
}

function refresh() {
  let sent = 0;
  let total = 0;
  const count = { done: 0, failed: 0, waiting: 0 };
  for (const row of rows) {
    sent += row.sent;
    total += row.file.size;
    if (row.state in count) count[row.state] += 1;
  }
  const all = percent(sent, total);
  totalBar.value = all;
  totalLabel.textContent = `All files: ${all}%`;
  return { all, count };
}

function announce() {
  const { count } = refresh();
  const n = rows.length;
  const files = `${n} file${n === 1 ? "" : "s"}`;
  if (count.done === n) summary.textContent = `All ${files} uploaded.`;
  else if (count.waiting) summary.textContent = `Waiting for the network: ${count.done} of ${files} uploaded.`;
  else if (count.failed && count.done + count.failed === n) {
    summary.textContent = `${count.done} of ${files} uploaded, ${count.failed} failed: retry them.`;
  } else summary.textContent = `Uploading ${files}: ${count.done} done.`;
}

function handlersOf(row) {
  return {
    progress: (sent) => {
      row.sent = sent;
      if (row.state === "waiting") {
        row.state = "sending";
        describe(row, "uploading");
        announce();
      }
      row.bar.value = percent(sent, row.file.size);
      refresh();
    },
    resumed: (offset, total) => {
      if (row.state === "waiting") row.state = "sending";
      row.sent = offset;
      row.bar.value = percent(offset, total);
      describe(row, `resumed at ${percent(offset, total)}%`);
      announce();
    },
    waiting: () => {
      row.state = "waiting";
      describe(row, "waiting for the network");
      announce();
    },
    success: () => {
      row.state = "done";
      row.sent = row.file.size;
      row.bar.value = 100;
      describe(row, "uploaded");
      setAction(row, "");
      row.item.classList.add("web-upload--done");
    },
    error: (error) => {
      row.state = "failed";
      describe(row, refusalOf(error));
      setAction(row, "Retry");
      row.item.classList.add("web-upload--error");
    },
  };
}

async function run(row) {
  row.state = "sending";
  setAction(row, "Pause");
  describe(row, "uploading");
  try {
    grant = grant || (await uploadGrant(caseId));
  } catch (error) {
    grant = null;
    row.state = "failed";
    describe(row, error.status === 403 ? "you may not upload into this case" : "no upload link: try again");
    setAction(row, "Retry");
    return;
  }
  const relative = row.path && row.path !== row.file.name ? { relative_path: row.path } : {};
  row.task = sendFile(row.file, { endpoint: grant.tus_url, token: grant.token, metadata: relative }, handlersOf(row));
  announce();
  await row.task.start();
  await row.task.done;
}

function pump() {
  for (const row of rows) {
    if (running >= PARALLEL) break;
    if (row.state !== "queued") continue;
    running += 1;
    run(row).finally(() => {
      running -= 1;
      announce();
      pump();
      if (rows.every((r) => r.state === "done")) showReceived();
    });
  }
  announce();
}

function add(entries) {
  if (!entries.length) return;
  document.getElementById("total").hidden = false;
  for (const { file, path } of entries) newRow(file, path);
  pump();
}

// Folders: DataTransfer items read as file system entries, directories walked in batches.
function readAll(reader) {
  return new Promise((resolve, reject) => {
    const found = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(found);
        else {
          found.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function filesOf(entry) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: entry.fullPath.replace(/^\//, "") }];
  }
  const children = await readAll(entry.createReader());
  const nested = await Promise.all(children.map(filesOf));
  return nested.flat();
}

async function dropped(transfer) {
  const entries = Array.from(transfer.items || [])
    .filter((item) => item.kind === "file")
    .map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    return (await Promise.all(entries.map(filesOf))).flat();
  }
  return Array.from(transfer.files).map((file) => ({ file, path: file.name }));
}

for (const name of ["dragenter", "dragover"]) {
  dropzone.addEventListener(name, (event) => {
    event.preventDefault();
    dropzone.classList.add("web-dropzone--over");
  });
}
dropzone.addEventListener("dragleave", () => dropzone.classList.remove("web-dropzone--over"));
dropzone.addEventListener("drop", async (event) => {
  event.preventDefault();
  dropzone.classList.remove("web-dropzone--over");
  add(await dropped(event.dataTransfer));
});

for (const input of [document.getElementById("pick-files"), document.getElementById("pick-folder")]) {
  input.addEventListener("change", () => {
    add(Array.from(input.files).map((file) => ({ file, path: file.webkitRelativePath || file.name })));
    input.value = "";
  });
}

// The items that arrived, linked: evidence adopts each upload a moment after it is sent.
async function showReceived() {
  const section = document.getElementById("received");
  const links = document.getElementById("received-list");
  const wanted = new Set(rows.map((row) => row.file.name));
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await fetch(`/cases/${caseId}/upload/items`, { credentials: "same-origin" });
    const found = response.ok ? (await response.json()).items.filter((i) => wanted.has(i.filename)) : [];
    if (found.length >= wanted.size || attempt === 59) {
      links.replaceChildren(
        ...found.map((item) => {
          const li = document.createElement("li");
          const a = document.createElement("a");
          a.className = "usa-link";
          a.href = item.url;
          a.textContent = item.filename;
          const hash = document.createElement("span");
          hash.className = "web-upload-received__hash";
          hash.textContent = ` SHA-256 ${item.sha256}`;
          li.append(a, hash);
          return li;
        }),
      );
      section.hidden = false;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

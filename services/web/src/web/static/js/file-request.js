// The public upload page: checks the request's limits, then sends each file with
// tus-js-client straight to the device gateway, which enforces the same limits again.
// An interrupted upload resumes when the same file is chosen again (tus fingerprints).
import { refusalOf, sendFile } from "./tus-upload.js";

const root = document.getElementById("file-request");
const form = document.getElementById("upload-form");
const message = document.getElementById("message");
const list = document.getElementById("progress");
const filesInput = form.elements.files;
const filesError = document.getElementById("files-error");

const limits = {
  files: Number(root.dataset.maxFiles) || 0,
  perFile: Number(root.dataset.maxBytesPerFile) || 0,
  total: Number(root.dataset.maxTotalBytes) || 0,
  types: (root.dataset.allowedTypes || "").split(",").filter(Boolean),
};

const typeAllowed = (type) =>
  !limits.types.length ||
  limits.types.some((p) => (p.endsWith("/*") ? type.startsWith(p.slice(0, -1)) : type === p));

function problemOf(files) {
  if (!files.length) return "Choose at least one file";
  if (form.elements.consent && !form.elements.consent.checked) {
    return "Tick “I agree” before uploading";
  }
  if (limits.files && files.length > limits.files) return `Choose at most ${limits.files} files`;
  let total = 0;
  for (const file of files) {
    total += file.size;
    if (limits.perFile && file.size > limits.perFile) return `${file.name} is too large`;
    if (!typeAllowed(file.type || "application/octet-stream")) {
      return `${file.name} is not a kind of file this request accepts`;
    }
  }
  if (limits.total && total > limits.total) return "The files are too large together";
  return "";
}

function showProblem(problem) {
  const group = document.getElementById("files-group");
  group.classList.toggle("usa-form-group--error", Boolean(problem));
  filesInput.classList.toggle("usa-input--error", Boolean(problem));
  filesError.textContent = problem;
  filesError.hidden = !problem;
  if (problem) {
    filesInput.setAttribute("aria-invalid", "true");
    filesInput.setAttribute("aria-describedby", "files-hint files-error");
    filesInput.focus();
  } else {
    filesInput.removeAttribute("aria-invalid");
    filesInput.setAttribute("aria-describedby", "files-hint");
  }
}

function row(file) {
  const item = document.createElement("li");
  const label = document.createElement("label");
  const bar = document.createElement("progress");
  const id = `upload-${list.children.length}`;
  label.textContent = file.name;
  label.htmlFor = id;
  bar.id = id;
  bar.max = 100;
  bar.value = 0;
  item.append(label, bar);
  list.append(item);
  return { item, label, bar };
}

const PUBLIC_REFUSALS = { 401: "this link is no longer open" };

function upload(file, extra) {
  const view = row(file);
  const metadata = {};
  for (const [key, value] of Object.entries(extra)) if (value) metadata[key] = value;
  const target = { endpoint: root.dataset.uploadUrl, token: root.dataset.token, metadata };
  const task = sendFile(file, target, {
    progress: (sent, total) => {
      view.bar.value = total ? (sent / total) * 100 : 100;
    },
    waiting: () => {
      view.label.textContent = `${file.name}: waiting for the network`;
    },
    success: () => {
      view.label.textContent = `${file.name}: received`;
      view.item.classList.add("web-upload--done");
    },
    error: (error) => {
      const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
      view.label.textContent = `${file.name}: ${PUBLIC_REFUSALS[status] || refusalOf(error)}`;
      view.item.classList.add("web-upload--error");
    },
  });
  task.start();
  return task.done;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = Array.from(filesInput.files);
  const problem = problemOf(files);
  showProblem(problem);
  if (problem) return;
  const extra = {
    contributor_name: form.elements.contributor_name?.value || "",
    contributor_contact: form.elements.contributor_contact?.value || "",
  };
  const button = form.querySelector("button");
  button.disabled = true;
  message.textContent = `Uploading ${files.length} file${files.length > 1 ? "s" : ""}…`;
  let received = 0;
  for (const file of files) if (await upload(file, extra)) received += 1;
  message.textContent = `${received} of ${files.length} files received. Thank you.`;
  button.disabled = false;
});

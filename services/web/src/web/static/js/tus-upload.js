// One file sent with tus-js-client (the vendored global `tus`), shared by the public upload
// page, a case's upload page and the field-capture app. It resumes: tus-js-client keeps each
// upload's URL in localStorage under the file's fingerprint (name, type, size, modified time,
// endpoint), so choosing the same file again after a reload continues from the server's
// offset. Network errors are retried; while the browser is offline the upload waits and starts
// again by itself when the network returns.
/* global tus */

const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];
const REFUSALS = {
  401: "the upload link has expired",
  403: "you may not upload into this case",
  413: "the file is too large",
  415: "this kind of file is not accepted",
  429: "too many uploads: try again in a minute",
};

export function refusalOf(error) {
  const status = error && error.originalResponse ? error.originalResponse.getStatus() : 0;
  return REFUSALS[status] || (status ? `the upload failed (${status})` : "the upload failed");
}

function retryable(error) {
  const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
  return status === 0 || status >= 500 || status === 409 || status === 423;
}

// handlers: progress(sent, total), resumed(offset, total), waiting(), success(), error(error).
// Returns { start, pause, resume, done } where done is a promise of true (sent) or false
// (refused). When the browser goes offline the request in flight is stopped (a dropped
// connection may otherwise hang for minutes): the device gateway keeps what it received, and
// the upload continues from there when the `online` event comes.
export function sendFile(file, { endpoint, token, metadata, chunkSize }, handlers) {
  let settle;
  const done = new Promise((resolve) => {
    settle = resolve;
  });
  let resuming = false;
  let state = "idle"; // idle, sending, paused, waiting, finished
  const wait = () => {
    if (state === "waiting") return;
    state = "waiting";
    handlers.waiting?.();
    window.addEventListener("online", whenOnline, { once: true });
  };
  const whenOnline = () => {
    if (state !== "waiting") return;
    state = "sending";
    resuming = true;
    task.start();
  };
  const whenOffline = () => {
    if (state !== "sending") return;
    task.abort();
    wait();
  };
  const finish = (sent) => {
    state = "finished";
    window.removeEventListener("offline", whenOffline);
    settle(sent);
  };
  const task = new tus.Upload(file, {
    endpoint,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: file.name, filetype: file.type || "application/octet-stream", ...metadata },
    // One PATCH for the whole file unless told otherwise: the device gateway keeps the bytes
    // of a request cut short, so a resume loses nothing, and a single request is the fastest.
    ...(chunkSize ? { chunkSize } : {}),
    retryDelays: RETRY_DELAYS,
    removeFingerprintOnSuccess: true,
    onShouldRetry: (error) => retryable(error) && navigator.onLine !== false,
    onAfterResponse: (request, response) => {
      if (resuming && request.getMethod() === "HEAD") {
        resuming = false;
        handlers.resumed?.(Number(response.getHeader("Upload-Offset")) || 0, file.size);
      }
    },
    onProgress: (sent, total) => handlers.progress?.(sent, total),
    onSuccess: () => {
      handlers.success?.();
      finish(true);
    },
    onError: (error) => {
      if (navigator.onLine === false && retryable(error)) {
        wait();
        return;
      }
      handlers.error?.(error);
      finish(false);
    },
  });
  window.addEventListener("offline", whenOffline);
  async function start() {
    const previous = await task.findPreviousUploads();
    if (previous.length) {
      resuming = true;
      task.resumeFromPreviousUpload(previous[0]);
    }
    if (navigator.onLine === false) {
      wait();
      return;
    }
    state = "sending";
    task.start();
  }
  return {
    start,
    done,
    pause() {
      state = "paused";
      return task.abort();
    },
    resume() {
      state = "sending";
      task.start();
    },
  };
}

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
// Returns { start, pause, done } where done is a promise of true (sent) or false (refused).
export function sendFile(file, { endpoint, token, metadata, chunkSize }, handlers) {
  let settle;
  const done = new Promise((resolve) => {
    settle = resolve;
  });
  let resuming = false;
  let paused = false;
  const whenOnline = () => {
    window.removeEventListener("online", whenOnline);
    if (!paused) task.start();
  };
  const task = new tus.Upload(file, {
    endpoint,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: file.name, filetype: file.type || "application/octet-stream", ...metadata },
    chunkSize: chunkSize || 8 * 1024 * 1024,
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
      settle(true);
    },
    onError: (error) => {
      if (navigator.onLine === false && retryable(error)) {
        handlers.waiting?.();
        window.addEventListener("online", whenOnline);
        return;
      }
      handlers.error?.(error);
      settle(false);
    },
  });
  async function start() {
    const previous = await task.findPreviousUploads();
    if (previous.length) {
      resuming = true;
      task.resumeFromPreviousUpload(previous[0]);
    }
    if (navigator.onLine === false) {
      handlers.waiting?.();
      window.addEventListener("online", whenOnline);
      return;
    }
    task.start();
  }
  return {
    start,
    done,
    pause() {
      paused = true;
      return task.abort();
    },
    resume() {
      paused = false;
      task.start();
    },
  };
}

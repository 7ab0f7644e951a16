// The file request page: checks the request's limits, then uploads each file with
// tus-js-client straight to the device gateway, which enforces the same limits again.
(function () {
  "use strict";
  var root = document.getElementById("file-request");
  var form = document.getElementById("upload-form");
  var message = document.getElementById("message");
  var list = document.getElementById("progress");
  var limits = {
    files: Number(root.dataset.maxFiles) || 0,
    perFile: Number(root.dataset.maxBytesPerFile) || 0,
    total: Number(root.dataset.maxTotalBytes) || 0,
    types: (root.dataset.allowedTypes || "").split(",").filter(Boolean),
  };

  function typeAllowed(type) {
    if (!limits.types.length) return true;
    return limits.types.some(function (pattern) {
      return pattern.endsWith("/*") ? type.indexOf(pattern.slice(0, -1)) === 0 : type === pattern;
    });
  }

  function problemOf(files) {
    if (limits.files && files.length > limits.files) return "At most " + limits.files + " files.";
    var total = 0;
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      total += f.size;
      if (limits.perFile && f.size > limits.perFile) return f.name + " is too large.";
      if (!typeAllowed(f.type || "application/octet-stream")) return f.name + " is not an accepted type.";
    }
    if (limits.total && total > limits.total) return "The files are too large together.";
    return "";
  }

  function row(file) {
    var item = document.createElement("li");
    var label = document.createElement("span");
    var bar = document.createElement("progress");
    label.textContent = file.name;
    bar.max = 100;
    bar.value = 0;
    item.appendChild(label);
    item.appendChild(bar);
    list.appendChild(item);
    return { item: item, label: label, bar: bar };
  }

  function upload(file, extra) {
    var view = row(file);
    return new Promise(function (resolve) {
      var metadata = { filename: file.name, filetype: file.type || "application/octet-stream" };
      Object.keys(extra).forEach(function (k) { if (extra[k]) metadata[k] = extra[k]; });
      var task = new tus.Upload(file, {
        endpoint: root.dataset.tusUrl,
        headers: { Authorization: "Bearer " + root.dataset.token },
        metadata: metadata,
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000],
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) { view.bar.value = total ? (sent / total) * 100 : 100; },
        onSuccess: function () {
          view.label.textContent = file.name + " — received";
          view.item.className = "done";
          resolve(true);
        },
        onError: function (error) {
          var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
          var why = status === 401 ? "this link is no longer open" :
                    status === 413 ? "the file is too large" :
                    status === 415 ? "this kind of file is not accepted" :
                    status === 429 ? "too many uploads, try again in a minute" : "upload failed";
          view.label.textContent = file.name + " — " + why;
          view.item.className = "error";
          resolve(false);
        },
      });
      task.findPreviousUploads().then(function (previous) {
        if (previous.length) task.resumeFromPreviousUpload(previous[0]);
        task.start();
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = form.elements.files.files;
    var problem = problemOf(files);
    message.textContent = problem;
    message.className = problem ? "error" : "";
    if (problem) return;
    var extra = {
      contributor_name: form.elements.contributor_name ? form.elements.contributor_name.value : "",
      contributor_contact: form.elements.contributor_contact ? form.elements.contributor_contact.value : "",
    };
    form.querySelector("button").disabled = true;
    var queue = Array.prototype.slice.call(files);
    var ok = 0;
    (function next() {
      if (!queue.length) {
        message.textContent = ok + " of " + files.length + " files received. Thank you.";
        form.querySelector("button").disabled = false;
        return;
      }
      upload(queue.shift(), extra).then(function (done) { if (done) ok++; next(); });
    })();
  });
})();

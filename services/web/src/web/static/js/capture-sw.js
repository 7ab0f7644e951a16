// The field-capture app's service worker (served at /sw.js, scope /capture). It keeps the
// capture page and the files it needs, so the app opens without a network: the page from the
// network first (the last copy when offline), static files from the cache first. Nothing
// else is touched: uploads, grants and other origins go to the network as they are.
const CACHE = "custody-capture-v1";
const PAGE = "/capture";
const SHELL = [
  PAGE,
  "/capture/manifest.webmanifest",
  "/static/vendor/uswds/dist/css/uswds.min.css",
  "/static/vendor/uswds/dist/js/uswds.min.js",
  "/static/vendor/htmx/dist/htmx.min.js",
  "/static/vendor/htmx-ext-sse/dist/sse.min.js",
  "/static/vendor/tus-js-client/dist/tus.min.js",
  "/static/css/web.css",
  "/static/css/uploads.css",
  "/static/js/csrf.js",
  "/static/js/session-timeout.js",
  "/static/js/capture.js",
  "/static/js/capture-queue.js",
  "/static/js/upload-grant.js",
  "/static/js/tus-upload.js",
  "/static/img/capture-192.png",
  "/static/img/capture-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function pageFirst(request) {
  try {
    const fresh = await fetch(request);
    if (fresh.ok && !fresh.redirected) (await caches.open(CACHE)).put(PAGE, fresh.clone());
    return fresh;
  } catch (error) {
    const kept = await caches.match(PAGE);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const fresh = await fetch(request);
  if (fresh.ok) (await caches.open(CACHE)).put(request, fresh.clone());
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE && event.request.mode === "navigate") {
    event.respondWith(pageFirst(event.request));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/capture/manifest.webmanifest") {
    event.respondWith(cacheFirst(event.request));
  }
});

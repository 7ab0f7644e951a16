// After a sign-out: drop the field-capture app's cached copy of its page, which names the
// person's cases, so the next person on a shared phone cannot open it offline. Captures still
// waiting to upload stay in IndexedDB: they are evidence, and losing them is worse.
if ("caches" in window) {
  caches
    .keys()
    .then((names) =>
      Promise.all(names.filter((n) => n.startsWith("custody-capture")).map((n) => caches.delete(n))),
    );
}

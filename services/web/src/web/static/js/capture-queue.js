// The field-capture app's queue: each capture (the File itself, its case) kept in IndexedDB
// until it is uploaded, so that it survives a reload, a closed tab and a phone offline.
const DB = "custody-capture";
const STORE = "captures";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => {
      db.close();
      resolve(request.result);
    };
    transaction.onerror = () => reject(transaction.error);
  });
}

export const keep = (capture) => run("readwrite", (store) => store.put(capture));
export const drop = (id) => run("readwrite", (store) => store.delete(id));
export const all = () => run("readonly", (store) => store.getAll());

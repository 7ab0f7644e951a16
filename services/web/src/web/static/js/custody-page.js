// The chain-of-custody pages: "Verify" fetches the published ledger key and the listed
// records' proofs from the web app, and checks them here (custody-verify.js); "Print or save
// as PDF" on the report.
import { importLedgerKey, pinMatches, verifyRecord } from "./custody-verify.js";

const PENDING_STATUS = 409;

async function getJson(url) {
  const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
  return answer.json();
}

function show(row, state, text) {
  const result = row.querySelector("[data-result]");
  result.className = `custody-result custody-result--${state}`;
  result.textContent = text;
  row.dataset.verified = state;
}

function expectedOf(row) {
  return { event_id: row.dataset.eventId, action: row.dataset.action, index: Number(row.dataset.index) };
}

async function ledgerKeyFor(root) {
  const published = await getJson(root.dataset.keyUrl);
  const ledgerKey = await importLedgerKey(published.public_key_pem);
  root.querySelector("[data-key-id]").textContent = ledgerKey.keyId;
  root.querySelector("[data-key-fingerprint]").textContent = ledgerKey.fingerprint;
  const pin = root.dataset.keyPin || "";
  const status = root.querySelector("[data-key-pin-status]");
  if (!pin) {
    status.textContent = "No key is pinned in this web app's settings: compare the fingerprint with the one your agency published.";
  } else if (pinMatches(ledgerKey, pin)) {
    status.textContent = "Matches the key fingerprint pinned in this web app's settings.";
  } else {
    status.textContent = `Does NOT match the pinned key ${pin}.`;
    ledgerKey.refused = true;
  }
  return ledgerKey;
}

async function checkRow(row, answer, ledgerKey, headChecks, tally) {
  if (!answer) {
    show(row, "failed", "Failed: no proof came back for this record");
    tally.failed += 1;
  } else if (answer.problem) {
    const pending = answer.problem.status === PENDING_STATUS;
    show(row, pending ? "pending" : "failed", pending ? "Not yet in a signed tree head: heads are signed every minute, try again then" : `Failed: ${answer.problem.title}`);
    tally[pending ? "pending" : "failed"] += 1;
  } else if (ledgerKey.refused) {
    show(row, "failed", "Failed: the ledger key is not the pinned key");
    tally.failed += 1;
  } else {
    const result = await verifyRecord(answer.proof, expectedOf(row), ledgerKey, headChecks);
    show(row, result.ok ? "verified" : "failed", result.ok ? "Verified" : `Failed: ${result.reason}`);
    tally[result.ok ? "verified" : "failed"] += 1;
    tally.head = answer.proof.tree_head;
  }
}

function summary(tally, total, keyId) {
  const parts = [`${tally.verified} of ${total} records verified`];
  if (tally.head) parts[0] += ` against signed tree head ${tally.head.id} (${tally.head.tree_size} ledger records), key ${keyId}`;
  if (tally.failed) parts.push(`${tally.failed} failed`);
  if (tally.pending) parts.push(`${tally.pending} not yet in a signed tree head`);
  return `${parts.join(". ")}.`;
}

async function verify(root, button, live) {
  const rows = Array.from(root.querySelectorAll("[data-event-id]"));
  button.disabled = true;
  live.textContent = `Checking ${rows.length} records in this browser…`;
  rows.forEach((row) => show(row, "checking", "Checking…"));
  try {
    const query = new URLSearchParams(rows.map((row) => ["event_id", row.dataset.eventId]));
    const [ledgerKey, found] = await Promise.all([ledgerKeyFor(root), getJson(`${root.dataset.proofsUrl}?${query}`)]);
    const byId = new Map(found.proofs.map((answer) => [answer.event_id, answer]));
    const tally = { verified: 0, failed: 0, pending: 0, head: null };
    const headChecks = new Map();
    for (const row of rows) await checkRow(row, byId.get(row.dataset.eventId), ledgerKey, headChecks, tally);
    live.textContent = summary(tally, rows.length, ledgerKey.keyId);
    root.dataset.outcome = tally.failed ? "failed" : "verified";
  } catch (error) {
    rows.forEach((row) => show(row, "failed", "Not checked"));
    live.textContent = `Verification could not run: ${error.message}`;
    root.dataset.outcome = "error";
  } finally {
    button.disabled = false;
  }
}

for (const root of document.querySelectorAll("[data-custody]")) {
  const button = root.querySelector("[data-verify]");
  const live = root.querySelector("[data-verify-summary]");
  if (button && live) button.addEventListener("click", () => verify(root, button, live));
}
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// Checks custody ledger proofs in the browser with WebCrypto alone (decision 0031): the same
// RFC 6962 hashing as the audit service (audit/domain/merkle.py, verifiers.py) and the same
// signed tree head text (audit/domain/tree_heads.py), so nothing rests on the server's word.
//
//   leaf hash  SHA-256(0x00 || canonical text, UTF-8)
//   node hash  SHA-256(0x01 || left || right)
//   head       Ed25519 over {"key_id":…,"root_hash":<hex>,"timestamp_ms":…,"tree_size":…}
//   key id     the first 16 hex of SHA-256 of the raw 32-byte public key

const LEAF = 0x00;
const NODE = 0x01;
// An Ed25519 SubjectPublicKeyInfo is this 12-byte prefix and the 32-byte raw key.
const ED25519_SPKI_PREFIX = "302a300506032b6570032100";

export function hexToBytes(hex) {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) {
    throw new Error("not a hex string");
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

function joined(prefix, ...parts) {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function leafHash(canonical) {
  return sha256(joined(LEAF, new TextEncoder().encode(canonical)));
}

export async function nodeHash(left, right) {
  return sha256(joined(NODE, left, right));
}

// The root an audit path leads to from leaf `index` in a tree of `size` (RFC 9162 2.1.3.2),
// or null when the path cannot be one for them. BigInt: indexes past 2**31 stay exact.
export async function rootFromInclusion(leaf, index, size, path) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (fn < 0n || fn > sn) return null;
  let result = leaf;
  for (const sibling of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      result = await nodeHash(sibling, result);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      result = await nodeHash(result, sibling);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? result : null;
}

function equal(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// The exact bytes a tree head's signature covers: Python's json.dumps(sort_keys=True,
// separators=(",", ":")) of four fields, rebuilt field by field.
export function signedText(head) {
  const text =
    `{"key_id":${JSON.stringify(head.key_id)},"root_hash":${JSON.stringify(head.root_hash)},` +
    `"timestamp_ms":${Number(head.timestamp_ms)},"tree_size":${Number(head.tree_size)}}`;
  return new TextEncoder().encode(text);
}

function pemBody(pem) {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

// The ledger's public key from its PEM; its key id and full fingerprint computed here.
export async function importLedgerKey(pem) {
  const der = pemBody(pem);
  if (der.length !== 44 || bytesToHex(der.slice(0, 12)) !== ED25519_SPKI_PREFIX) {
    throw new Error("the published key is not an Ed25519 public key");
  }
  const raw = der.slice(12);
  const fingerprint = bytesToHex(await sha256(raw));
  const key = await crypto.subtle.importKey("spki", der, { name: "Ed25519" }, false, ["verify"]);
  return { key, keyId: fingerprint.slice(0, 16), fingerprint };
}

// A pin is the key id (16 hex) or the whole fingerprint; empty means nothing is pinned.
export function pinMatches(ledgerKey, pin) {
  const wanted = (pin || "").trim().toLowerCase();
  return wanted.length >= 16 && ledgerKey.fingerprint.startsWith(wanted);
}

// Whether the head is signed by this key: {ok, reason}.
export async function verifyHead(head, ledgerKey) {
  if (head.key_id !== ledgerKey.keyId) {
    return { ok: false, reason: `the tree head names key ${head.key_id}, not the published key ${ledgerKey.keyId}` };
  }
  let signature;
  try {
    signature = hexToBytes(head.signature);
  } catch {
    return { ok: false, reason: "the tree head's signature is not hex" };
  }
  const valid = await crypto.subtle.verify({ name: "Ed25519" }, ledgerKey.key, signature, signedText(head));
  return valid ? { ok: true, reason: "" } : { ok: false, reason: "the tree head's signature does not verify with the ledger key" };
}

// Whether the proof shows `expected` (the record as the page lists it: event_id, action,
// index) is in the tree whose head is `headCheck`-ed: {ok, reason}.
export async function verifyInclusion(proof, expected) {
  let canonical;
  try {
    canonical = JSON.parse(proof.canonical);
  } catch {
    return { ok: false, reason: "the record's canonical text is not JSON" };
  }
  if (canonical.event_id !== expected.event_id || canonical.action !== expected.action) {
    return { ok: false, reason: "the proven record is not the record listed" };
  }
  if (proof.record.index !== expected.index) {
    return { ok: false, reason: "the proof is for another leaf index" };
  }
  const leaf = await leafHash(proof.canonical);
  if (bytesToHex(leaf) !== proof.record.leaf_hash) {
    return { ok: false, reason: "the record's leaf hash does not match its text" };
  }
  let path;
  let root;
  try {
    path = proof.audit_path.map(hexToBytes);
    root = hexToBytes(proof.tree_head.root_hash);
  } catch {
    return { ok: false, reason: "the proof holds a hash that is not hex" };
  }
  const reached = await rootFromInclusion(leaf, proof.record.index, proof.tree_head.tree_size, path);
  if (reached === null) return { ok: false, reason: "the audit path has the wrong length for its tree" };
  if (!equal(reached, root)) return { ok: false, reason: "the audit path does not lead to the signed root" };
  return { ok: true, reason: "" };
}

// One record, whole: its inclusion, then its head's signature (checked once per head).
export async function verifyRecord(proof, expected, ledgerKey, headChecks = new Map()) {
  const included = await verifyInclusion(proof, expected);
  if (!included.ok) return included;
  const head = proof.tree_head;
  const id = `${head.id}:${head.root_hash}:${head.signature}:${head.tree_size}:${head.timestamp_ms}`;
  if (!headChecks.has(id)) headChecks.set(id, verifyHead(head, ledgerKey));
  return headChecks.get(id);
}

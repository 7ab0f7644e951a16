"""A chain of custody a person can check, in a real browser: an investigator opens an item's
trail (upload, a view, a download, with her name), presses Verify by keyboard and sees every
record verified by the browser's own WebCrypto; a proof tampered with in flight (one byte of
an audit path) fails for that record alone, a tampered tree head signature fails them all.
The case's trail, the printable report (print media, a PDF), and another organization's 404.

The JS (static/js/custody-verify.js) is also run against vectors the audit service's own
Python computes: leaves, audit paths, roots and a signed head over trees of several sizes.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from audit.domain.merkle import grow, leaf_hash, tree_root
from audit.domain.proofs import inclusion_ranges, nodes_for, proof_hashes
from audit.domain.tree_heads import key_id_of, signed_text
from audit.domain.verifiers import verify_inclusion
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, Route, expect

from .conftest import login
from .helpers import PASSWORD, audit_entry, call, tus_upload, wait_for_items
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]
# Verify fetches proofs through the web app and the gateway: slow on a loaded machine.
VERIFYING = 30_000
NOTE = b"Harbor patrol notes, 1 December, 23:50.\n" * 40


@pytest.fixture(scope="module")
def custody(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Ana's case with one item she uploaded, played and downloaded; a tree head signed after
    the records are in the ledger, so every one of them has a proof."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Harbor PD", "Ana Ruiz", ["investigator"])
    new_person(gateway, admin, ana["org_id"], "Ben Cho", ["investigator"])
    outsider = new_person_in_new_org(gateway, admin, "Elsewhere PD", "Eli Stone", ["investigator"])
    headers = ana["headers"]
    case = call(gateway, "POST", "/api/v1/cases", headers, {"title": "Pier 4 notes"}, 201)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", headers, {}, 201)
    tus_upload(grant["tus_url"], grant["token"], NOTE, "patrol-notes.txt", "text/plain")
    (item,) = wait_for_items(gateway, headers, case["id"], 1)
    played = gateway.get(
        f"/api/v1/evidence/{item['id']}/stream", headers=headers | {"Range": "bytes=0-99"}
    )
    assert played.status_code == 206
    assert gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=headers).content == NOTE
    for action in ("evidence.streamed", "evidence.downloaded"):
        audit_entry(gateway, headers, item["id"], action, ana["id"])
    call(gateway, "POST", "/api/v1/audit/tree-heads", admin, expect=201)

    def sign() -> None:
        """A head over everything in the ledger now: records made since the fixture's (the
        item's processing ends on its own time) are then in a signed head too."""
        fresh = login(gateway, stack["admin_email"], stack["admin_password"])
        call(gateway, "POST", "/api/v1/audit/tree-heads", fresh, expect=201)

    return {"ana": ana, "outsider": outsider, "case": case, "item": item, "sign": sign}


def _flip_first_byte(hex_text: str) -> str:
    return f"{int(hex_text[:2], 16) ^ 0x01:02x}{hex_text[2:]}"


def _tampering(page: Page, change: Any) -> Any:
    """A page.route handler that fetches the real proofs with the page's session cookie and
    passes them on with `change` applied (Playwright's route.fetch body came back disposed
    here at times)."""

    def handle(route: Route) -> None:
        cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
        answer = httpx.get(route.request.url, cookies=cookies, timeout=60)
        body = answer.json()
        change(body["proofs"])
        route.fulfill(status=answer.status_code, json=body)

    return handle


def test_an_investigator_verifies_an_items_chain_of_custody_in_the_browser(
    page: Page, custody: dict[str, Any], visits: Visits
) -> None:
    item = custody["item"]
    page.goto("/")
    sign_in(page, custody["ana"]["email"], PASSWORD)
    page.goto(f"/evidence/{item['id']}/custody")
    expect(page.get_by_role("heading", name="Chain of custody: patrol-notes.txt")).to_be_visible()
    trail = page.get_by_role("list").filter(has=page.get_by_role("heading", name="Downloaded"))
    entries = trail.get_by_role("listitem")
    expect(entries.first).to_be_visible()
    count = entries.count()
    # Newest first: the download, the view, the upload; each by Ana, with its event id.
    headings = entries.get_by_role("heading").all_inner_texts()
    assert headings.index("Downloaded") < headings.index("Played")
    assert headings.index("Played") < headings.index("Uploaded and ingested"), headings
    downloaded = entries.filter(has=page.get_by_role("heading", name="Downloaded"))
    expect(downloaded).to_contain_text("By Ana Ruiz")
    expect(downloaded).to_contain_text(re.compile(r"Event id\s*[0-9a-f-]{36}"))
    ingested = entries.filter(has=page.get_by_role("heading", name="Uploaded and ingested"))
    expect(ingested).to_contain_text(item["sha256"])
    visits.check(page, "item chain of custody")

    page.get_by_role("link", name="Oldest first").click()
    expect(page.get_by_role("link", name="Oldest first")).to_have_attribute("aria-current", "true")
    oldest = entries.get_by_role("heading").all_inner_texts()
    assert oldest == headings[::-1], (oldest, headings)

    # Verify by keyboard: the next stop after the item's sub-navigation.
    custody["sign"]()  # every record the page lists is in the ledger: now in a signed head
    page.get_by_role("link", name="Redaction").focus()
    page.keyboard.press("Tab")
    verify = page.get_by_role("button", name="Verify")
    expect(verify).to_be_focused()
    page.keyboard.press("Enter")
    status = page.get_by_role("status", name="Verification result")
    everything = f"{count} of {count} records verified against signed tree head"
    expect(status).to_contain_text(everything, timeout=VERIFYING)
    expect(status).not_to_contain_text("failed")
    expect(entries.get_by_text("Verified", exact=True)).to_have_count(count)
    expect(page.get_by_text(re.compile(r"^[0-9a-f]{64}$")).first).to_be_visible()  # fingerprint
    visits.check(page, "item chain of custody verified")

    # One byte of one audit path changed in flight: that record fails, the others hold.
    def one_path(proofs: list[dict[str, Any]]) -> None:
        proof = proofs[1]["proof"]
        proof["audit_path"][0] = _flip_first_byte(proof["audit_path"][0])

    page.route("**/custody/proofs.json*", _tampering(page, one_path))
    verify.click()
    expect(status).to_contain_text(f"{count - 1} of {count} records verified", timeout=VERIFYING)
    expect(status).to_contain_text("1 failed", timeout=VERIFYING)
    failed = entries.nth(1)
    expect(failed).to_contain_text("Failed: the audit path does not lead to the signed root")
    expect(entries.get_by_text("Verified", exact=True)).to_have_count(count - 1)
    visits.check(page, "item chain of custody tampered proof")

    # The tree head's signature changed in flight: nothing verifies.
    def signature(proofs: list[dict[str, Any]]) -> None:
        for answer in proofs:
            head = answer["proof"]["tree_head"]
            head["signature"] = _flip_first_byte(head["signature"])

    page.unroute("**/custody/proofs.json*")
    page.route("**/custody/proofs.json*", _tampering(page, signature))
    verify.click()
    expect(status).to_contain_text(f"0 of {count} records verified", timeout=VERIFYING)
    expect(status).to_contain_text(f"{count} failed", timeout=VERIFYING)
    expect(entries.get_by_text(re.compile("signature does not verify"))).to_have_count(count)
    page.unroute("**/custody/proofs.json*")


def test_the_cases_trail_and_the_printable_reports(
    page: Page, custody: dict[str, Any], visits: Visits
) -> None:
    case, item = custody["case"], custody["item"]
    page.goto("/")
    sign_in(page, custody["ana"]["email"], PASSWORD)
    page.goto(f"/cases/{case['id']}")
    page.get_by_role("navigation", name=f"Case {case['number']}").get_by_role(
        "link", name="Chain of custody"
    ).click()
    expect(page.get_by_role("heading", name=f"Chain of custody: case {case['number']}"))
    trail = page.get_by_role("list").filter(has=page.get_by_role("heading", name="Downloaded"))
    expect(trail.get_by_role("heading", name="Uploaded and ingested")).to_be_visible()
    page.get_by_role("button", name="Verify").click()
    status = page.get_by_role("status", name="Verification result")
    expect(status).to_contain_text("records verified against signed tree head", timeout=VERIFYING)
    expect(status).not_to_contain_text("failed")
    visits.check(page, "case chain of custody verified")

    page.get_by_role("link", name="Audit report").click()
    expect(page.get_by_role("heading", name=f"Audit report: case {case['number']}"))
    expect(page.get_by_role("article", name=re.compile("Downloaded"))).to_be_visible()
    visits.check(page, "case audit report")

    page.goto(f"/evidence/{item['id']}/custody")
    page.get_by_role("link", name="Audit report").click()
    expect(page.get_by_role("heading", name="Audit report: patrol-notes.txt")).to_be_visible()
    report = page.get_by_role("main")
    expect(report).to_contain_text(item["sha256"])
    expect(report).to_contain_text(re.compile(r"Root hash\s*[0-9a-f]{64}"))
    expect(report).to_contain_text("BEGIN PUBLIC KEY")
    expect(page.get_by_role("article").filter(has_text="Downloaded")).to_have_count(1)
    expect(page.get_by_role("article").first).to_contain_text("Audit path")
    visits.check(page, "item audit report")

    printing = page.get_by_role("button", name="Print or save as PDF")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    printing.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    page.emulate_media(media="print")
    expect(printing).to_be_hidden()
    expect(page.get_by_role("navigation", name="Primary navigation")).to_be_hidden()
    expect(page.get_by_role("article").first).to_be_visible()
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    page.emulate_media(media="screen")


def test_another_organization_gets_the_404_page(page: Page, custody: dict[str, Any]) -> None:
    item, case = custody["item"], custody["case"]
    page.goto("/")
    sign_in(page, custody["outsider"]["email"], PASSWORD)
    for path in (f"/evidence/{item['id']}/custody", f"/cases/{case['id']}/custody",
                 f"/evidence/{item['id']}/custody/report"):  # fmt: skip
        page.goto(path)
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_text("patrol-notes.txt")).to_have_count(0)
    answer = page.request.get(f"/evidence/{item['id']}/custody/proofs.json")
    assert answer.status == 404


def _vectors() -> dict[str, Any]:
    """Trees of several sizes made and proven by the audit service's code, a head signed over
    the largest one, and its key: what the browser's code must agree with."""
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cases: list[dict[str, Any]] = []
    for size in (1, 2, 3, 5, 7, 8, 13):
        texts = [
            json.dumps({"action": "evidence.viewed", "event_id": f"e-{size}-{i}", "n": "Zoë"},
                       sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            for i in range(size)
        ]  # fmt: skip
        leaves = [leaf_hash(text.encode()) for text in texts]
        nodes = {(level, index): node for level, index, node in grow(0, {}, leaves)}
        root = tree_root(leaves)
        for index in range(size):
            ranges = inclusion_ranges(index, size)
            assert nodes_for(ranges) <= set(nodes)
            path = proof_hashes(ranges, nodes)
            assert verify_inclusion(leaves[index], index, size, path, root)
            head = {"id": size, "tree_size": size, "root_hash": root.hex(),
                    "timestamp_ms": 1_796_000_000_000 + size, "key_id": key_id_of(raw)}  # fmt: skip
            text = signed_text(size, root, head["timestamp_ms"], head["key_id"])
            head["signature"] = key.sign(text).hex()
            record = {"index": index, "event_id": f"e-{size}-{index}",
                      "leaf_hash": leaves[index].hex()}  # fmt: skip
            proof = {"record": record, "canonical": texts[index], "tree_head": head,
                     "audit_path": [h.hex() for h in path]}  # fmt: skip
            cases.append(proof)
    return {"pem": pem.decode(), "key_id": key_id_of(raw), "proofs": cases}


VERIFY_IN_BROWSER = """async (vectors) => {
  const m = await import("/static/js/custody-verify.js");
  const key = await m.importLedgerKey(vectors.pem);
  const results = [];
  for (const proof of vectors.proofs) {
    const expected = {event_id: proof.record.event_id, action: "evidence.viewed",
                      index: proof.record.index};
    const leaf = m.bytesToHex(await m.leafHash(proof.canonical));
    const good = await m.verifyRecord(proof, expected, key);
    const path = proof.audit_path.length
      ? [proof.audit_path[0].replace(/^../, "ff"), ...proof.audit_path.slice(1)] : null;
    const bent = path && await m.verifyInclusion({...proof, audit_path: path}, expected);
    const root = await m.verifyInclusion(
      {...proof, tree_head: {...proof.tree_head, root_hash: "00".repeat(32)}}, expected);
    const other = await m.verifyInclusion(proof, {...expected, event_id: "someone-else"});
    results.push({leaf, good: good.ok, bent: bent ? bent.ok : false, root: root.ok,
                  other: other.ok});
  }
  return {keyId: key.keyId, pinned: m.pinMatches(key, vectors.key_id),
          wrongPin: m.pinMatches(key, "0000000000000000"), results};
}"""


def test_the_browsers_checks_agree_with_the_audit_services_code(page: Page) -> None:
    vectors = _vectors()
    page.goto("/sign-in")
    found = page.evaluate(VERIFY_IN_BROWSER, vectors)
    assert found["keyId"] == vectors["key_id"]
    assert found["pinned"] and not found["wrongPin"]
    assert len(found["results"]) == len(vectors["proofs"]) == 39
    for proof, result in zip(vectors["proofs"], found["results"], strict=True):
        assert result["leaf"] == proof["record"]["leaf_hash"]
        assert result["good"], proof
        assert not (result["bent"] or result["root"] or result["other"]), proof

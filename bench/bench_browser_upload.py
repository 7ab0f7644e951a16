"""Browser upload into a case through tus-js-client vs a raw store write of the same bytes
(target: the browser at >= 70% of the raw write's throughput).

Starts the stack as `make run` does, makes an investigator and a case, signs in through the
web app's form in Debian's Chromium (Playwright), then runs rounds of, in alternating order:
- raw: `ObjectStore.put` of the file's bytes (hashed, fsynced, renamed into place) into the
  stack's own filesystem object store, what bench_ingest.py calls a raw write;
- browser: the file chosen on `/cases/{id}/upload`, timed until the page says it is uploaded
  (the device gateway answers the last PATCH once the bytes are verified and adopted);
- sink: the same file sent by the same page in one XMLHttpRequest PATCH with an upload
  progress handler (what tus-js-client sends) to a loopback sink that discards it
  (upload_sink.py): the browser's own ceiling on this machine, with a server that costs nothing.
Each round uses a new file of --file-mb MiB (random bytes, written before timing). The ratio
is the median of the rounds' raw/browser time ratios; `sink_over_raw` is the ratio no server
could beat in that run, `browser_over_sink` the share of that ceiling the stack reaches.
Writes bench/results/browser-upload.json.

    python bench/bench_browser_upload.py [--file-mb 1024] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from bench_ingest import RESULTS
from custody_platform.objectstore import FilesystemObjectStore
from embedded_stack import PASSWORD, api, login, new_person, running_stack
from playwright.sync_api import Page, expect, sync_playwright
from upload_sink import upload_sink

TARGET = 0.70
MIB = 1 << 20
PIECE = 8 * MIB
LEGS = ("raw", "browser", "sink")


def seed(stack: dict[str, Any]) -> dict[str, Any]:
    with httpx.Client(base_url=stack["gateway_url"], timeout=60) as client:
        admin = login(client, stack["admin_email"], stack["admin_password"])
        ana = new_person(client, admin, "Ana Ruiz", ["investigator"])
        case = api(client, "POST", "/cases", ana["headers"], {"title": "Bench upload"})
    return {"email": ana["email"], "case_id": case["id"]}


def random_file(folder: Path, mib: int) -> tuple[Path, str]:
    path, digest = folder / f"bench-{uuid.uuid4().hex[:8]}.bin", hashlib.sha256()
    with path.open("wb") as out:
        for _ in range(0, mib * MIB, PIECE):
            piece = os.urandom(PIECE)
            digest.update(piece)
            out.write(piece)
    return path, digest.hexdigest()


def raw_write(store: FilesystemObjectStore, path: Path, sha256: str) -> float:
    data = path.read_bytes()  # read before timing: only the store's work counts
    started = time.perf_counter()
    store.put(f"bench/raw-{uuid.uuid4()}", data, expected_sha256=sha256)
    return time.perf_counter() - started


def browser_upload(page: Page, case_id: str, path: Path) -> float:
    page.goto(f"/cases/{case_id}/upload")
    started = time.perf_counter()
    page.get_by_label("Choose files").set_input_files(path)
    summary = page.get_by_role("status").filter(has_text="uploaded")
    expect(summary).to_have_text("All 1 file uploaded.", timeout=1_800_000)
    return time.perf_counter() - started


SEND_TO_SINK = """async (url) => {
  const file = document.getElementById("bench-sink-file").files[0];
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PATCH", url);
    xhr.setRequestHeader("Content-Type", "application/offset+octet-stream");
    xhr.upload.onprogress = () => {};
    xhr.onload = resolve;
    xhr.onerror = reject;
    xhr.send(file);
  });
  return (performance.now() - started) / 1000;
}"""


def sink_upload(page: Page, sink_url: str, path: Path) -> float:
    """From a blank page of the same browser: the web app's CSP would refuse the sink's origin."""
    page.set_content('<input type="file" id="bench-sink-file">')
    page.set_input_files("#bench-sink-file", path)
    return float(page.evaluate(SEND_TO_SINK, f"{sink_url}/discard"))


def rounds(
    pages: tuple[Page, Page],
    sink_url: str,
    store: FilesystemObjectStore,
    seeded: dict[str, Any],
    args: Any,
) -> Any:
    """`pages`: the signed-in page that uploads into the case, and a blank one for the sink."""
    page, blank_page = pages
    scratch = Path(tempfile.mkdtemp(prefix="bench-browser-upload-"))
    found = []
    try:
        for n in range(args.rounds):
            path, sha256 = random_file(scratch, args.file_mb)
            order = LEGS if n % 2 == 0 else LEGS[::-1]
            times = {}
            for which in order:
                if which == "raw":
                    times["raw"] = raw_write(store, path, sha256)
                elif which == "browser":
                    times["browser"] = browser_upload(page, seeded["case_id"], path)
                else:
                    times["sink"] = sink_upload(blank_page, sink_url, path)
            path.unlink()
            found.append(
                times
                | {
                    "ratio": times["raw"] / times["browser"],
                    "sink_over_raw": times["raw"] / times["sink"],
                    "browser_over_sink": times["sink"] / times["browser"],
                }
            )
            print(
                f"round {n + 1}: raw {times['raw']:.2f} s, browser {times['browser']:.2f} s,"
                f" browser to a no-op sink {times['sink']:.2f} s"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file-mb", type=int, default=1024, help="MiB per file")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "chromium"
    with running_stack() as stack, sync_playwright() as playwright, upload_sink() as sink_url:
        seeded = seed(stack)
        store = FilesystemObjectStore(Path(stack["object_store_path"]))
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(base_url=stack["web_url"])
        page, blank_page = context.new_page(), context.new_page()
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(seeded["email"])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        found = rounds((page, blank_page), sink_url, store, seeded, args)
        browser.close()
    ratio = statistics.median(r["ratio"] for r in found)
    mb = args.file_mb * MIB / 1e6
    result = {
        "file_mib": args.file_mb,
        "rounds": found,
        "raw_mb_per_s": statistics.median(mb / r["raw"] for r in found),
        "browser_mb_per_s": statistics.median(mb / r["browser"] for r in found),
        "sink_mb_per_s": statistics.median(mb / r["sink"] for r in found),
        "ratio": ratio,
        "sink_over_raw": statistics.median(r["sink_over_raw"] for r in found),
        "browser_over_sink": statistics.median(r["browser_over_sink"] for r in found),
        "target": TARGET,
        "met": ratio >= TARGET,
        "load_average_1_5_15": list(os.getloadavg()),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "browser-upload.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

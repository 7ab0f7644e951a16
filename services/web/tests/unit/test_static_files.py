"""Every file a template asks for under /static is in the repository.

The vendored libraries are committed (a user's machine never runs npm); this fails if a
template names a file that `make vendor` did not write or git did not keep.
"""

from __future__ import annotations

import re
from pathlib import Path

import web

PACKAGE = Path(web.__file__).parent
STATIC_REFERENCE = re.compile(r"""["'(]/static/([^"')?#]+)""")


def test_every_static_file_a_template_names_exists() -> None:
    named = {
        match
        for template in (PACKAGE / "templates").rglob("*.html")
        for match in STATIC_REFERENCE.findall(template.read_text())
    }
    assert named, "the scan found no /static references: the pattern is wrong"
    missing = sorted(path for path in named if not (PACKAGE / "static" / path).is_file())
    assert missing == []

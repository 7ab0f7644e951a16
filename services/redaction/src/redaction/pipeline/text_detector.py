"""Text regions from PaddleOCR's PP-OCRv4 text detector (DBNet), one session per thread.

The weights are the `ch_PP-OCRv4_det_infer.onnx` file shipped in the `rapidocr_onnxruntime`
wheel (Apache-2.0). Only the file is used: importing rapidocr's own pipeline costs 0.7 s and
drags in more than we need. The network maps an RGB image (ImageNet mean/std normalised, sides
multiples of 32) to a per-pixel text probability at the input's resolution. A text region is
a connected part of that map above THRESHOLD whose mean probability is at least MIN_SCORE,
grown by DB's unclip rule (the net is trained on shrunk text regions) to an axis-aligned box."""

from __future__ import annotations

import threading
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import onnx
from onnx import numpy_helper

from redaction.pipeline.centerface import Boxes
from redaction.pipeline.onnx_cpu import cpu_session

LONG_SIDE = 640  # the net sees images scaled so their long side is this (see decision 0009)
THRESHOLD = 0.3
MIN_SCORE = 0.5
UNCLIP = 1.5
_MEAN = np.array([0.485, 0.456, 0.406], np.float32) * 255
_STD = np.array([0.229, 0.224, 0.225], np.float32) * 255
_THREAD_SESSIONS = threading.local()


def text_boxes(rgb: npt.NDArray[np.uint8], long_side: int = LONG_SIDE) -> Boxes:
    """Text regions of an RGB image: (x1, y1, x2, y2, mean probability) in its pixels."""
    height, width = rgb.shape[:2]
    factor = long_side / max(width, height)
    size = (max(32, round(width * factor / 32) * 32), max(32, round(height * factor / 32) * 32))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)
    blob = ((small.astype(np.float32) - _MEAN) / _STD).transpose(2, 0, 1)[None]
    probability = _session().run(None, {"x": np.ascontiguousarray(blob)})[0][0, 0]
    boxes = _regions(probability)
    boxes[:, [0, 2]] *= width / size[0]
    boxes[:, [1, 3]] *= height / size[1]
    return boxes


def _regions(probability: npt.NDArray[np.float32]) -> Boxes:
    mask = (probability > THRESHOLD).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    rows = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if min(w, h) < 2:
            continue
        window = labels[y : y + h, x : x + w] == label
        score = float(probability[y : y + h, x : x + w][window].mean())
        if score < MIN_SCORE:
            continue
        grow = area * UNCLIP / (2 * (w + h))  # DB's unclip distance: area * ratio / perimeter
        rows.append([x - grow, y - grow, x + w + grow, y + h + grow, score])
    return np.array(rows, np.float32).reshape(-1, 5)


def _session() -> Any:
    # One session per thread, kept for the thread's life: loading costs more than a detection,
    # and analysis runs detections on two worker threads at once.
    session = getattr(_THREAD_SESSIONS, "session", None)
    if session is None:
        session = cpu_session(_simplified(onnx.load(_weights())))
        _THREAD_SESSIONS.session = session
    return session


def _weights() -> Path:
    # find_spec locates the package without importing it (its __init__ loads the OCR pipeline).
    spec = find_spec("rapidocr_onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("rapidocr_onnxruntime is not installed: no text detector weights")
    return Path(next(iter(spec.submodule_search_locations))) / "models/ch_PP-OCRv4_det_infer.onnx"


def _simplified(model: onnx.ModelProto) -> onnx.ModelProto:
    """The same network with two export artefacts folded away: 20-25% less CPU a call.

    Paddle's exporter writes every `conv, then x * s + b` (PP-LCNetV3's scalar affine) as three
    nodes, and every hard-swish as four (x * clip(x + 3, 0, 6) / 6); onnxruntime fuses neither.
    The scale and shift go into the convolution's weights and bias, the four nodes become one
    HardSwish (ONNX opset 14; the graph's other operators mean the same there as in its 12)."""
    graph = model.graph
    consts = {
        n.output[0]: numpy_helper.to_array(n.attribute[0].t)
        for n in graph.node
        if n.op_type == "Constant"
    }
    operators = [node for node in graph.node if node.op_type != "Constant"]
    nodes = _fuse_hard_swish(_fold_affine(operators, consts), consts)
    used = {name for node in nodes for name in node.input}
    graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in consts.items() if k in used)
    del graph.node[:]
    graph.node.extend(nodes)
    model.opset_import[0].version = 14
    return model


def _fold_affine(nodes: list[onnx.NodeProto], consts: dict[str, Any]) -> list[onnx.NodeProto]:
    """Conv -> Mul(scalar s) -> Add(scalar b) becomes one Conv with weights s*w, bias s*c + b."""
    after = _next_node(nodes)
    folded: set[int] = set()
    for conv in (n for n in nodes if n.op_type == "Conv"):
        mul = after.get(conv.output[0])
        add = after.get(mul.output[0]) if mul is not None else None
        if mul is None or add is None or (mul.op_type, add.op_type) != ("Mul", "Add"):
            continue
        scale, shift = _scalar(consts, mul, conv.output[0]), _scalar(consts, add, mul.output[0])
        if scale is None or shift is None:
            continue
        weights = consts[conv.input[1]]
        bias = consts[conv.input[2]] if len(conv.input) > 2 else np.zeros(len(weights), np.float32)
        name = conv.output[0]
        consts[name + ".w"], consts[name + ".b"] = weights * scale, bias * scale + shift
        del conv.input[1:]
        conv.input.extend([name + ".w", name + ".b"])
        conv.output[0] = add.output[0]
        folded |= {id(mul), id(add)}
    return [node for node in nodes if id(node) not in folded]


def _fuse_hard_swish(nodes: list[onnx.NodeProto], consts: dict[str, Any]) -> list[onnx.NodeProto]:
    """x -> Add(3) -> Clip(0, 6) -> Mul(x) -> Div(6) becomes HardSwish(x)."""
    after = _next_node(nodes)
    fused: set[int] = set()
    for add in (n for n in nodes if n.op_type == "Add"):
        x = add.input[0]
        clip = after.get(add.output[0])
        mul = after.get(clip.output[0]) if clip is not None else None
        div = after.get(mul.output[0]) if mul is not None else None
        if clip is None or mul is None or div is None or x not in mul.input:
            continue
        if (clip.op_type, mul.op_type, div.op_type) != ("Clip", "Mul", "Div"):
            continue
        bounds = [_value(consts, name) for name in clip.input[1:]]
        if _scalar(consts, add, x) != 3.0 or bounds != [0.0, 6.0]:
            continue
        if _scalar(consts, div, mul.output[0]) != 6.0:
            continue
        fused |= {id(add), id(clip), id(mul)}
        div.op_type = "HardSwish"
        del div.input[:]
        div.input.append(x)
    return [node for node in nodes if id(node) not in fused]


def _next_node(nodes: list[onnx.NodeProto]) -> dict[str, onnx.NodeProto]:
    """Each tensor read by exactly one node, mapped to that node: only those chains may fuse."""
    readers: dict[str, list[onnx.NodeProto]] = {}
    for node in nodes:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    return {name: found[0] for name, found in readers.items() if len(found) == 1}


def _scalar(consts: dict[str, Any], node: onnx.NodeProto, operand: str) -> float | None:
    """The value of `node`'s other input when that is a one-element constant."""
    other = [name for name in node.input if name != operand]
    return _value(consts, other[0]) if len(other) == 1 else None


def _value(consts: dict[str, Any], name: str) -> float | None:
    value = consts.get(name)
    return float(value.reshape(-1)[0]) if value is not None and value.size == 1 else None

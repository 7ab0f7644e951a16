"""Analysis: decode once, detect on keyframes (and in between where keyframes disagree), track.

Every `keyframe_interval`-th frame goes to the detector. The faces of one keyframe are carried
to the next by optical flow and paired with what the detector found there. When every
confident face on both sides has a partner, the frames between are interpolated; when they
disagree — a face appears or leaves, a cut, a missed detection — the middle frame is detected
too and both halves are settled the same way, down to single frames if needed, so tracks
start and end on the right frame. Decoding stays on this thread; detection runs on a pool."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import av
import cv2

from redaction.domain.media import Analysis, MediaError, MediaInfo, Track
from redaction.pipeline.centerface import Boxes
from redaction.pipeline.detect import DetectorConfig, FrameDetector
from redaction.pipeline.motion import Gray, predict
from redaction.pipeline.plates import detect_plates
from redaction.pipeline.probe import open_video, video_info
from redaction.pipeline.progress import Reporter
from redaction.pipeline.thumbnails import Crops, crop_faces, thumbnail
from redaction.pipeline.track import Ref, chain, fill, match

CONFIDENT = 0.5  # weaker detections come and go; only confident ones trigger a closer look
MAX_PENDING_WINDOWS = 6  # bounds memory: frames are buffered until their window is settled

Seen = tuple[Boxes, Crops, Gray, Boxes | None]  # faces, face crops, grey frame, plates


@dataclass
class _Window:
    start: int  # the detected frame opening the window (-1 before the first)
    end: int  # the detected frame closing it
    inner: list[tuple[int, av.VideoFrame]]  # frames strictly between the two
    future: Future[Seen]


@dataclass
class _Found:
    boxes: dict[int, Boxes] = field(default_factory=dict)
    gray: dict[int, Gray] = field(default_factory=dict)
    crops: Crops = field(default_factory=dict)
    links: dict[Ref, Ref] = field(default_factory=dict)
    plates: dict[int, Boxes] = field(default_factory=dict)  # on keyframes only
    frames: int = 0


def analyse_video(src: Path, config: DetectorConfig, reporter: Reporter) -> Analysis:
    with open_video(src) as container:
        media = video_info(container)
        reporter.expect(media.frame_count)
        detector = FrameDetector(config, media.width, media.height)
        pool = ThreadPoolExecutor(config.workers, thread_name_prefix="detect")
        try:
            found = _Scan(container, detector, pool, config, reporter).run()
        finally:  # on cancel or error, drop queued detections instead of running them
            pool.shutdown(wait=True, cancel_futures=True)
    return _tracks(media, found)


class _Scan:
    def __init__(
        self,
        container: av.container.InputContainer,
        detector: FrameDetector,
        pool: ThreadPoolExecutor,
        config: DetectorConfig,
        reporter: Reporter,
    ) -> None:
        self._container, self._detector, self._pool = container, detector, pool
        self._config, self._reporter = config, reporter
        self._found = _Found()
        self._windows: deque[_Window] = deque()

    def _submit(self, index: int, frame: av.VideoFrame, *, key: bool = True) -> Future[Seen]:
        scale = self._detector.scale

        def job() -> Seen:
            boxes, rgb = self._detector.on_frame(frame)
            plates = None
            if key and self._config.plates:  # plates move slowly: keyframes are enough
                plates = detect_plates(rgb)
                plates[:, :4] *= scale
            gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
            return boxes, crop_faces(index, frame, boxes), gray, plates

        return self._pool.submit(job)

    def run(self) -> _Found:
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        inner: list[tuple[int, av.VideoFrame]] = []
        key = -1
        try:
            for index, frame in enumerate(self._container.decode(stream)):
                self._reporter.tick(index)
                self._found.frames = index + 1
                if index % self._config.keyframe_interval:
                    inner.append((index, frame))
                    continue
                self._windows.append(_Window(key, index, inner, self._submit(index, frame)))
                inner, key = [], index
                self._settle(block=len(self._windows) > MAX_PENDING_WINDOWS)
        except av.error.FFmpegError as exc:
            raise MediaError(f"the video cannot be decoded: {exc}") from exc
        if self._found.frames == 0:
            raise MediaError("the video has no decodable frames")
        if inner:  # the final frame closes the last window
            index, frame = inner.pop()
            self._windows.append(_Window(key, index, inner, self._submit(index, frame)))
        while self._windows:
            self._reporter.tick(self._found.frames)
            self._settle(block=True)
        return self._found

    def _settle(self, *, block: bool) -> None:
        """Settle finished windows in order; bisect those whose ends disagree."""
        while self._windows and (block or self._windows[0].future.done()):
            window = self._windows.popleft()
            block = False
            boxes, crops, gray, plates = window.future.result()
            found = self._found
            found.boxes[window.end], found.gray[window.end] = boxes, gray
            if plates is not None:
                found.plates[window.end] = plates
            found.crops.update(crops)
            if window.start < 0:
                continue
            pairs = match(
                predict(
                    found.boxes[window.start], found.gray[window.start], gray, self._detector.scale
                ),
                boxes,
            )
            if window.inner and not _agree(found.boxes[window.start], boxes, pairs):
                self._bisect(window)
                continue
            found.links.update({(window.end, j): (window.start, i) for j, i in pairs.items()})
            found.gray.pop(window.start)

    def _bisect(self, window: _Window) -> None:
        mid = len(window.inner) // 2
        index, frame = window.inner[mid]
        end: Future[Seen] = Future()
        end.set_result((self._found.boxes[window.end], {}, self._found.gray[window.end], None))
        self._windows.appendleft(_Window(index, window.end, window.inner[mid + 1 :], end))
        self._windows.appendleft(
            _Window(window.start, index, window.inner[:mid], self._submit(index, frame, key=False))
        )


def _agree(before: Boxes, after: Boxes, pairs: dict[int, int]) -> bool:
    """Every confident face on either side has a partner on the other."""
    paired_before = set(pairs.values())
    return all(i in paired_before for i in range(len(before)) if before[i, 4] >= CONFIDENT) and all(
        j in pairs for j in range(len(after)) if after[j, 4] >= CONFIDENT
    )


def _tracks(media: MediaInfo, found: _Found) -> Analysis:
    detected = sorted(found.boxes)
    raw_tracks = sorted(chain(found.boxes, found.links), key=lambda t: min(t.seen))
    tracks = [
        Track(
            id=number,
            kind="face",
            boxes=fill(raw, detected, found.frames - 1),
            score=max(raw.scores),
            thumbnail_jpeg=thumbnail(raw, found.crops),
        )
        for number, raw in enumerate(raw_tracks, start=1)
    ]
    keyframes = sorted(found.plates)
    for raw in sorted(chain(found.plates, {}), key=lambda t: min(t.seen)):
        tracks.append(
            Track(
                id=len(tracks) + 1,
                kind="plate",
                boxes=fill(raw, keyframes, found.frames - 1),
                score=max(raw.scores),
            )
        )
    return Analysis(media=media.model_copy(update={"frame_count": found.frames}), tracks=tracks)

"""Analysis: decode once, detect on keyframes (and in between where keyframes disagree), track.

Every `keyframe_interval`-th frame goes to the detector. The faces of one keyframe are carried
to the next by optical flow and paired with what the detector found there. When every
confident face on both sides has a partner, the frames between are interpolated; when they
disagree — a face appears or leaves, a cut, a missed detection — the middle frame is detected
too and both halves are settled the same way, down to `settle_gap` undetected frames: over
those, the tracks that start or end there are held along their motion (a crowd always has
a face coming or going, and bisecting to single frames detected nearly every frame).
Decoding stays on this thread; detection runs on a pool. Windows are settled in whatever
order their detections finish, so the bisections of several windows run side by side
instead of one detection at a time. Phone video coded sideways is detected upright (see
`detect`); boxes and tracks are in the coded frame's pixels throughout."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import av

from redaction.domain.media import Analysis, MediaError, MediaInfo, Track
from redaction.pipeline.centerface import Boxes
from redaction.pipeline.detect import DetectorConfig, FrameDetector
from redaction.pipeline.motion import Gray, flow_image, predict
from redaction.pipeline.plates import detect_plates
from redaction.pipeline.probe import open_video, video_info, video_rotation
from redaction.pipeline.progress import Reporter
from redaction.pipeline.thumbnails import Crops, crop_boxes, thumbnail
from redaction.pipeline.track import Ref, chain, fill, hits, match, misses

CONFIDENT = 0.5  # weaker detections come and go; only confident ones trigger a closer look
MAX_PENDING_WINDOWS = 6  # bounds memory: frames are buffered until their window is settled

# faces, their crops, the flow image, plates (keyframes only) and their crops
Seen = tuple[Boxes, Crops, Gray, Boxes | None, Crops]


@dataclass
class _Window:
    start: int  # the detected frame opening the window (-1 before the first)
    end: int  # the detected frame closing it
    inner: list[tuple[int, av.VideoFrame]]  # frames strictly between the two
    future: Future[Seen] | None  # the detection of `end`; None once it is in `_Found`


@dataclass
class _Found:
    boxes: dict[int, Boxes] = field(default_factory=dict)
    gray: dict[int, Gray] = field(default_factory=dict)  # while a window still needs it
    crops: Crops = field(default_factory=dict)
    links: dict[Ref, Ref] = field(default_factory=dict)
    plates: dict[int, Boxes] = field(default_factory=dict)  # on keyframes only
    plate_crops: Crops = field(default_factory=dict)
    frames: int = 0


def analyse_video(src: Path, config: DetectorConfig, reporter: Reporter) -> Analysis:
    rotation = video_rotation(src)
    with open_video(src) as container:
        media = video_info(container, rotation)
        reporter.expect(media.frame_count)
        coded = container.streams.video[0].codec_context
        detector = FrameDetector(config, coded.width, coded.height)
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
        self._windows: list[_Window] = []  # not settled yet, in frame order
        self._last_key = -1

    def _submit(self, index: int, frame: av.VideoFrame, *, key: bool = True) -> Future[Seen]:
        def job() -> Seen:
            boxes, view = self._detector.on_frame(frame)
            if not (key and self._config.plates):  # plates move slowly: keyframes are enough
                [crops] = crop_boxes(index, frame, boxes)
                return boxes, crops, flow_image(view.coded), None, {}
            plates = self._detector.to_frame(detect_plates(view.upright), view.rotation)
            crops, plate_crops = crop_boxes(index, frame, boxes, plates)
            return boxes, crops, flow_image(view.coded), plates, plate_crops

        return self._pool.submit(job)

    def run(self) -> _Found:
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        inner: list[tuple[int, av.VideoFrame]] = []
        try:
            for index, frame in enumerate(self._container.decode(stream)):
                self._reporter.tick(index)
                self._found.frames = index + 1
                if index % self._config.keyframe_interval:
                    inner.append((index, frame))
                    continue
                self._open(index, frame, inner)
                inner = []
                self._settle(block=len(self._windows) > MAX_PENDING_WINDOWS)
        except av.error.FFmpegError as exc:
            raise MediaError(f"the video cannot be decoded: {exc}") from exc
        if self._found.frames == 0:
            raise MediaError("the video has no decodable frames")
        if inner:  # the final frame closes the last window
            index, frame = inner.pop()
            self._open(index, frame, inner)
        while self._windows:
            self._reporter.tick(self._found.frames)
            self._settle(block=True)
        return self._found

    def _open(
        self, index: int, frame: av.VideoFrame, inner: list[tuple[int, av.VideoFrame]]
    ) -> None:
        """A window from the last keyframe to this one."""
        self._windows.append(_Window(self._last_key, index, inner, self._submit(index, frame)))
        self._last_key = index

    def _settle(self, *, block: bool) -> None:
        """Settle every window whose two ends are detected; bisect those whose ends disagree.
        With `block`, wait for a detection to finish first."""
        if block:
            wait([w.future for w in self._windows if w.future], return_when=FIRST_COMPLETED)
        found = self._found
        for window in self._windows:
            if window.future and window.future.done():
                boxes, crops, gray, plates, plate_crops = window.future.result()
                found.boxes[window.end], found.gray[window.end] = boxes, gray
                if plates is not None:
                    found.plates[window.end] = plates
                    found.plate_crops.update(plate_crops)
                found.crops.update(crops)
                window.future = None
        waiting = []
        for window in self._windows:
            if window.future or (window.start >= 0 and window.start not in found.boxes):
                waiting.append(window)  # an end is not detected yet
            elif window.start >= 0:  # (the first window has nothing before it to check)
                waiting += self._check(window)
        self._windows = waiting
        needed = {w.start for w in waiting} | {w.end for w in waiting} | {self._last_key}
        found.gray = {frame: gray for frame, gray in found.gray.items() if frame in needed}

    def _check(self, window: _Window) -> list[_Window]:
        """Link the faces at both ends if they agree (nothing left to settle), else bisect."""
        found = self._found
        before, after = found.boxes[window.start], found.boxes[window.end]
        pairs = match(
            predict(before, found.gray[window.start], found.gray[window.end], self._detector.scale),
            after,
        )
        if len(window.inner) > self._config.settle_gap and not _agree(before, after, pairs):
            mid = len(window.inner) // 2
            index, frame = window.inner[mid]
            return [
                _Window(
                    window.start, index, window.inner[:mid], self._submit(index, frame, key=False)
                ),
                _Window(index, window.end, window.inner[mid + 1 :], None),
            ]
        found.links.update({(window.end, j): (window.start, i) for j, i in pairs.items()})
        return []


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
            hits=hits(raw),
            misses=misses(raw, detected),
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
                thumbnail_jpeg=thumbnail(raw, found.plate_crops),
                hits=hits(raw),
                misses=misses(raw, keyframes),
            )
        )
    return Analysis(media=media.model_copy(update={"frame_count": found.frames}), tracks=tracks)

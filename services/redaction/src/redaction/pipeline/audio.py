"""The audio side of a render: copy the track, drop it, or re-encode it with time ranges
muted or bleeped. Edits are by sample index, so a range starts and ends on the exact sample."""

from __future__ import annotations

import math

import av
import numpy as np
import numpy.typing as npt

from redaction.domain.media import AudioPlan

BLEEP_HZ = 1000.0
BLEEP_LEVEL = 0.2  # about -14 dBFS: clearly a bleep, not painful


def edit_samples(samples: npt.NDArray[np.float32], first: int, rate: int, plan: AudioPlan) -> None:
    """Mute or bleep, in place, the parts of `samples` (channels x n, starting at absolute
    sample `first`) that fall inside the plan's ranges."""
    count = samples.shape[1]
    for start_s, end_s in plan.mute_ranges:
        lo = max(round(start_s * rate) - first, 0)
        hi = min(round(end_s * rate) - first, count)
        if hi <= lo:
            continue
        if plan.bleep:
            n = np.arange(first + lo, first + hi, dtype=np.float64)
            tone = BLEEP_LEVEL * np.sin(2 * math.pi * BLEEP_HZ * n / rate)
            samples[:, lo:hi] = tone.astype(np.float32)
        else:
            samples[:, lo:hi] = 0.0


class AudioRoute:
    """Carries one input audio stream into the output container according to the plan."""

    def __init__(
        self,
        plan: AudioPlan,
        source: av.AudioStream,
        out: av.container.OutputContainer,
        start_s: float,
    ) -> None:
        self._plan, self.source, self._out, self._start_s = plan, source, out, start_s
        self._copy = not plan.mute_ranges and source.codec_context.name == "aac"
        if self._copy:
            self.stream = out.add_stream_from_template(source)
        else:
            ctx = source.codec_context
            self.stream = out.add_stream("aac", rate=ctx.sample_rate or 48000)
            self.stream.layout = ctx.layout.name if ctx.layout else "stereo"
            self.stream.bit_rate = 160_000
            self._resampler = av.AudioResampler(
                format="fltp", layout=self.stream.layout, rate=self.stream.rate
            )

    def on_packet(self, packet: av.Packet) -> None:
        if self._copy:
            if packet.dts is not None:
                packet.stream = self.stream
                self._out.mux(packet)
            return
        for frame in packet.decode():
            for edited in self._edited(frame):  # type: ignore[arg-type]
                self._out.mux(self.stream.encode(edited))

    def _edited(self, frame: av.AudioFrame) -> list[av.AudioFrame]:
        result = []
        for chunk in self._resampler.resample(frame):
            rate = chunk.sample_rate
            samples = chunk.to_ndarray().astype(np.float32, copy=True)
            first = round(((chunk.time or 0.0) - self._start_s) * rate)
            edit_samples(samples, first, rate, self._plan)
            out = av.AudioFrame.from_ndarray(samples, format="fltp", layout=chunk.layout.name)
            out.sample_rate, out.pts, out.time_base = rate, chunk.pts, chunk.time_base
            result.append(out)
        return result

    def flush(self) -> None:
        if not self._copy:
            self._out.mux(self.stream.encode(None))

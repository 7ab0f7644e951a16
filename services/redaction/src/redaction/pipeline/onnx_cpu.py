"""The onnxruntime CPU session every detector here runs on: quiet, a fixed number of intra-op
threads and no inter-op pool (detections already run on several threads of our own)."""

from __future__ import annotations

from typing import Any

import onnx


def cpu_session(model: onnx.ModelProto, threads: int = 1) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )

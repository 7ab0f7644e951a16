"""Reading a QR code the web app draws, as a phone's camera would: from a screenshot."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from playwright.sync_api import Locator


def decoded_qr(code: Locator) -> str:
    """What the QR code on the page says, read from a screenshot of it by OpenCV. The SVG's
    modules rarely fall on whole pixels, so the grey edges are made black or white first, and
    it is read at a few sizes within a white margin (the detector misses some sizes)."""
    code.scroll_into_view_if_needed()
    image = cv2.imdecode(np.frombuffer(code.screenshot(), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "the screenshot is no image"
    _, sharp = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    detectors: list[Any] = [cv2.QRCodeDetector()]
    if hasattr(cv2, "QRCodeDetectorAruco"):
        detectors.append(cv2.QRCodeDetectorAruco())
    for scale in (1, 2, 3, 4):
        large = cv2.resize(sharp, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
        framed = cv2.copyMakeBorder(large, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
        for detector in detectors:
            text, _, _ = detector.detectAndDecode(framed)
            if text:
                return str(text)
    return ""

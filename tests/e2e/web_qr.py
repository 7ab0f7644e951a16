"""Reading a QR code the web app draws, as a phone's camera would: from a screenshot."""

from __future__ import annotations

import cv2
import numpy as np
from playwright.sync_api import Locator


def decoded_qr(code: Locator) -> str:
    """What the QR code on the page says, read from a screenshot of it by OpenCV (enlarged,
    modules kept sharp, with a white margin: the detector misses small codes now and then)."""
    code.scroll_into_view_if_needed()
    image = cv2.imdecode(np.frombuffer(code.screenshot(), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "the screenshot is no image"
    large = cv2.resize(image, None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST)
    framed = cv2.copyMakeBorder(large, 64, 64, 64, 64, cv2.BORDER_CONSTANT, value=255)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(framed)
    return str(text)

"""Reading a QR code the web app draws, as a phone's camera would: from a screenshot."""

from __future__ import annotations

import cv2
import numpy as np
from playwright.sync_api import Locator


def decoded_qr(code: Locator) -> str:
    """What the QR code on the page says, read from a screenshot of it by OpenCV."""
    image = cv2.imdecode(np.frombuffer(code.screenshot(), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "the screenshot is no image"
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return str(text)

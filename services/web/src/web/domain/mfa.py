"""Two-factor authentication as the pages need it: what the gateway answers, the code forms
and what is wrong with them, the steps kept in the session between pages, and the QR code."""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno

from web.domain.views import ApiModel

MFA_REQUIRED = "urn:custody:problem:mfa_required"
ENROLMENT_REQUIRED = "urn:custody:problem:mfa_enrolment_required"
# The session's drafts (WebSession.drafts) between one page and the next.
PENDING_SIGN_IN = "mfa:sign_in"
PENDING_ENROLMENT = "mfa:enrolment"
NEW_RECOVERY_CODES = "mfa:recovery_codes"
CODE_DIGITS = 6
RECOVERY_SHAPE = re.compile(r"[A-Za-z0-9-]{10,40}")  # what the gateway takes, spaces aside


class SecondFactorRequired(Exception):
    """The password was right; the gateway wants a code with this token."""

    def __init__(self, mfa_token: str) -> None:
        super().__init__("second factor required")
        self.mfa_token = mfa_token


@dataclass(frozen=True)
class PendingSignIn:
    mfa_token: str
    email: str
    next_path: str


class MfaStatus(ApiModel):
    totp_enabled: bool
    recovery_codes_left: int = 0
    required_by_org: bool = False
    enrolment_required: bool = False


class TotpEnrolment(ApiModel):
    secret: str
    provisioning_uri: str

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, easier to type."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


class OrgSecurity(ApiModel):
    """The organization as its members see it, for its admins' switch."""

    mfa_required: bool = False


class RecoveryCodes(ApiModel):
    recovery_codes: list[str]


@dataclass(frozen=True)
class CodeForm:
    """A 6-digit code, or (``recovery``) one of the recovery codes."""

    code: str = ""
    recovery: bool = False

    @property
    def field(self) -> str:
        return "recovery_code" if self.recovery else "code"

    def problems(self) -> dict[str, str]:
        typed = "".join(self.code.split())
        if self.recovery:
            if not typed:
                return {self.field: "Enter one of your recovery codes"}
            if not RECOVERY_SHAPE.fullmatch(typed):
                return {self.field: "Recovery codes are 10 letters and digits, like k7m2p-x9qra"}
            return {}
        if not typed:
            return {self.field: "Enter the 6-digit code from your authenticator app"}
        if len(typed) != CODE_DIGITS or not (typed.isascii() and typed.isdigit()):
            return {self.field: "The code is 6 digits, like 123456"}
        return {}

    def proof(self) -> dict[str, str]:
        """The gateway's body: ``code`` (its digits) or ``recovery_code``."""
        return {self.field: self.code.strip() if self.recovery else "".join(self.code.split())}


def qr_code_svg(provisioning_uri: str) -> str:
    """The otpauth:// URI as an SVG QR code, drawn here (no script, no style attribute)."""
    qr = segno.make(provisioning_uri, error="m")
    return str(qr.svg_inline(scale=5, border=4, light="#fff", svgclass="web-qr", omitsize=False))

"""The TOTP second factor: enrolment, its status, and the codes that prove it."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

CODE_PATTERN = r"^[0-9 ]*$"  # six digits, as typed (a space in the middle is fine)
RECOVERY_PATTERN = r"^[A-Za-z0-9 -]*$"


class SecondFactor(BaseModel):
    """A current code from the authenticator app, or one of the recovery codes: exactly one."""

    code: str | None = Field(default=None, min_length=6, max_length=12, pattern=CODE_PATTERN)
    recovery_code: str | None = Field(
        default=None, min_length=10, max_length=40, pattern=RECOVERY_PATTERN
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> SecondFactor:
        if (self.code is None) == (self.recovery_code is None):
            raise ValueError("give either code or recovery_code")
        return self

    def proof(self) -> tuple[str, str]:
        return self.code or "", self.recovery_code or ""


class MfaSignIn(SecondFactor):
    mfa_token: str = Field(
        min_length=1, max_length=200, description="from the 401 mfa_required problem"
    )


class TotpCode(BaseModel):
    code: str = Field(min_length=6, max_length=12, pattern=CODE_PATTERN)


class TotpEnrolment(BaseModel):
    """Shown this once: add it to an authenticator app (the URI as a QR code, or the secret
    typed), then confirm with a code."""

    secret: str = Field(description="base32, for typing into the app")
    provisioning_uri: str = Field(description="otpauth:// URI, for a QR code")


class RecoveryCodes(BaseModel):
    """Shown this once: each signs in once instead of a code."""

    recovery_codes: list[str]


class MfaStatusPublic(BaseModel):
    totp_enabled: bool
    recovery_codes_left: int
    required_by_org: bool
    enrolment_required: bool = Field(
        description="this session may do nothing but enrol until its user does"
    )

"""The keys and certificates that sign the C2PA manifests of redacted copies (decision 0049).

One installation CA key, an Ed25519 PKCS#8 PEM file outside the database like the ledger's
key. Each organization's signing key is derived from it (HKDF over the organization's id), so
no private key is stored anywhere else, and the organization's certificate, issued by the
installation's CA, names it. Certificates are built from fixed fields only: every replica and
every restart issues the same bytes. The file is read at each signing, so a new key file
takes effect at the next copy without a restart."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# No timestamp authority (installations are often offline): a manifest is checked against
# its certificate's validity at the claim's time, so certificates outlive the copies they sign.
VALID_FROM = datetime(2026, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(2076, 1, 1, tzinfo=UTC)
_ORG_KEY_INFO = b"custody c2pa organization key v1 "
_PEM = serialization.Encoding.PEM


@dataclass(frozen=True)
class OrgSigningKey:
    private_key_pem: bytes
    chain_pem: bytes  # the organization's certificate, then the installation CA's


class C2paAuthority:
    """The installation's CA key file at path, and the organization keys derived from it."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        if create and not path.exists():
            _write_new_key(path)
        _read_key(path)  # fail at start, not at the first copy

    def ca_certificate_pem(self) -> bytes:
        return _ca_certificate(_read_key(self.path)).public_bytes(_PEM)

    def for_org(self, org_id: uuid.UUID) -> OrgSigningKey:
        ca_key = _read_key(self.path)
        org_key = _derive_org_key(ca_key, org_id)
        ca = _ca_certificate(ca_key)
        cert = _org_certificate(org_key.public_key(), org_id, ca, ca_key)
        pem = org_key.private_bytes(
            _PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return OrgSigningKey(pem, cert.public_bytes(_PEM) + ca.public_bytes(_PEM))


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """First 16 hex of the SHA-256 of the raw public key, as the ledger names its keys."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _derive_org_key(ca_key: Ed25519PrivateKey, org_id: uuid.UUID) -> Ed25519PrivateKey:
    seed = ca_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_ORG_KEY_INFO + org_id.bytes)
    return Ed25519PrivateKey.from_private_bytes(hkdf.derive(seed))


def _ca_certificate(ca_key: Ed25519PrivateKey) -> x509.Certificate:
    public = ca_key.public_key()
    name = _name(f"Custody C2PA CA {key_id_of(public)}", "Custody")
    usage = _key_usage(digital_signature=False, key_cert_sign=True, crl_sign=True)
    return (
        _certificate(name, name, public)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .sign(ca_key, None)
    )


def _org_certificate(
    public: Ed25519PublicKey, org_id: uuid.UUID, ca: x509.Certificate, ca_key: Ed25519PrivateKey
) -> x509.Certificate:
    usage = _key_usage(digital_signature=True, key_cert_sign=False, crl_sign=False)
    return (
        _certificate(
            _name("Custody redaction", f"Custody organization {org_id}"), ca.subject, public
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        # C2PA's certificate profile wants one of its signing purposes; e-mail protection is one.
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, None)
    )


def _certificate(
    subject: x509.Name, issuer: x509.Name, public: Ed25519PublicKey
) -> x509.CertificateBuilder:
    serial = int.from_bytes(hashlib.sha256(subject.public_bytes()).digest()[:16]) >> 1
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, digital_signature: bool, key_cert_sign: bool, crl_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=crl_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _read_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"C2PA CA key {path} is not an Ed25519 key")
    return key


def _write_new_key(path: Path) -> None:
    """Readable by the owner only, from the first byte on; a worker that loses the race to
    create it reads the winner's."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        _PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as file:
        file.write(pem)

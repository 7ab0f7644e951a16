"""Topic names: one per publishing service, plus the single-partition audit log."""

GATEWAY = "gateway.events"  # identity: guest invitations to email
REGISTRY = "registry.events"
REQUESTS = "requests.events"
DEVICE_GATEWAY = "device-gateway.events"
EVIDENCE = "evidence.events"
REDACTION = "redaction.events"
AUDIT_RECORDS = "audit.records"
AUDIT = "audit.events"  # the audit service's own events (disclosures)


def dlq(topic: str) -> str:
    return f"{topic}.dlq"

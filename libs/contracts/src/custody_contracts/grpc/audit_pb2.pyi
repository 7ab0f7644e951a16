import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListRecordsRequest(_message.Message):
    __slots__ = ("object_id", "limit", "case_id", "actor_id", "since", "until", "start_index")
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    START_INDEX_FIELD_NUMBER: _ClassVar[int]
    object_id: str
    limit: int
    case_id: str
    actor_id: str
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    start_index: int
    def __init__(self, object_id: _Optional[str] = ..., limit: _Optional[int] = ..., case_id: _Optional[str] = ..., actor_id: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_index: _Optional[int] = ...) -> None: ...

class AuditEntry(_message.Message):
    __slots__ = ("index", "event_id", "service", "actor_type", "actor_id", "action", "object_type", "object_id", "object_hash", "occurred_at", "source_address", "reason", "leaf_hash", "details_json", "canonical", "acting_for")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_HASH_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEAF_HASH_FIELD_NUMBER: _ClassVar[int]
    DETAILS_JSON_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_FIELD_NUMBER: _ClassVar[int]
    ACTING_FOR_FIELD_NUMBER: _ClassVar[int]
    index: int
    event_id: str
    service: str
    actor_type: str
    actor_id: str
    action: str
    object_type: str
    object_id: str
    object_hash: str
    occurred_at: _timestamp_pb2.Timestamp
    source_address: str
    reason: str
    leaf_hash: str
    details_json: str
    canonical: str
    acting_for: str
    def __init__(self, index: _Optional[int] = ..., event_id: _Optional[str] = ..., service: _Optional[str] = ..., actor_type: _Optional[str] = ..., actor_id: _Optional[str] = ..., action: _Optional[str] = ..., object_type: _Optional[str] = ..., object_id: _Optional[str] = ..., object_hash: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_address: _Optional[str] = ..., reason: _Optional[str] = ..., leaf_hash: _Optional[str] = ..., details_json: _Optional[str] = ..., canonical: _Optional[str] = ..., acting_for: _Optional[str] = ...) -> None: ...

class ListRecordsResponse(_message.Message):
    __slots__ = ("entries", "next_start_index")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_START_INDEX_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditEntry]
    next_start_index: int
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditEntry, _Mapping]]] = ..., next_start_index: _Optional[int] = ...) -> None: ...

class TreeHead(_message.Message):
    __slots__ = ("id", "tree_size", "root_hash", "timestamp_ms", "key_id", "signature")
    ID_FIELD_NUMBER: _ClassVar[int]
    TREE_SIZE_FIELD_NUMBER: _ClassVar[int]
    ROOT_HASH_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    id: int
    tree_size: int
    root_hash: str
    timestamp_ms: int
    key_id: str
    signature: str
    def __init__(self, id: _Optional[int] = ..., tree_size: _Optional[int] = ..., root_hash: _Optional[str] = ..., timestamp_ms: _Optional[int] = ..., key_id: _Optional[str] = ..., signature: _Optional[str] = ...) -> None: ...

class InclusionProofRequest(_message.Message):
    __slots__ = ("event_id", "tree_head_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TREE_HEAD_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    tree_head_id: int
    def __init__(self, event_id: _Optional[str] = ..., tree_head_id: _Optional[int] = ...) -> None: ...

class InclusionProof(_message.Message):
    __slots__ = ("entry", "tree_head", "audit_path")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    TREE_HEAD_FIELD_NUMBER: _ClassVar[int]
    AUDIT_PATH_FIELD_NUMBER: _ClassVar[int]
    entry: AuditEntry
    tree_head: TreeHead
    audit_path: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, entry: _Optional[_Union[AuditEntry, _Mapping]] = ..., tree_head: _Optional[_Union[TreeHead, _Mapping]] = ..., audit_path: _Optional[_Iterable[str]] = ...) -> None: ...

class ConsistencyProofRequest(_message.Message):
    __slots__ = ("from_tree_head_id", "to_tree_head_id")
    FROM_TREE_HEAD_ID_FIELD_NUMBER: _ClassVar[int]
    TO_TREE_HEAD_ID_FIELD_NUMBER: _ClassVar[int]
    from_tree_head_id: int
    to_tree_head_id: int
    def __init__(self, from_tree_head_id: _Optional[int] = ..., to_tree_head_id: _Optional[int] = ...) -> None: ...

class ConsistencyProof(_message.Message):
    __slots__ = ("from_head", "to_head", "proof")
    FROM_HEAD_FIELD_NUMBER: _ClassVar[int]
    TO_HEAD_FIELD_NUMBER: _ClassVar[int]
    PROOF_FIELD_NUMBER: _ClassVar[int]
    from_head: TreeHead
    to_head: TreeHead
    proof: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, from_head: _Optional[_Union[TreeHead, _Mapping]] = ..., to_head: _Optional[_Union[TreeHead, _Mapping]] = ..., proof: _Optional[_Iterable[str]] = ...) -> None: ...

class LatestTreeHeadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SignTreeHeadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublicKeyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublicKey(_message.Message):
    __slots__ = ("key_id", "algorithm", "public_key_pem", "valid_from_ms", "valid_until_ms")
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_PEM_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_MS_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    algorithm: str
    public_key_pem: str
    valid_from_ms: int
    valid_until_ms: int
    def __init__(self, key_id: _Optional[str] = ..., algorithm: _Optional[str] = ..., public_key_pem: _Optional[str] = ..., valid_from_ms: _Optional[int] = ..., valid_until_ms: _Optional[int] = ...) -> None: ...

class ListPublicKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPublicKeysResponse(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[PublicKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[PublicKey, _Mapping]]] = ...) -> None: ...

class CreateDisclosureRequest(_message.Message):
    __slots__ = ("case_id", "evidence_ids", "recipient_name", "recipient_email", "note", "source_address")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_ids: _containers.RepeatedScalarFieldContainer[str]
    recipient_name: str
    recipient_email: str
    note: str
    source_address: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_ids: _Optional[_Iterable[str]] = ..., recipient_name: _Optional[str] = ..., recipient_email: _Optional[str] = ..., note: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class Disclosure(_message.Message):
    __slots__ = ("id", "case_id", "org_id", "evidence_ids", "recipient_name", "recipient_email", "size", "sha256", "tree_head_id", "acknowledgement_token", "created_at", "acknowledged_at", "acknowledged_by", "state", "failure_reason", "items_done", "items_total", "bytes_done", "bytes_total", "note", "created_by", "items")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    TREE_HEAD_ID_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGEMENT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_AT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    ITEMS_DONE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    BYTES_DONE_FIELD_NUMBER: _ClassVar[int]
    BYTES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    org_id: str
    evidence_ids: _containers.RepeatedScalarFieldContainer[str]
    recipient_name: str
    recipient_email: str
    size: int
    sha256: str
    tree_head_id: int
    acknowledgement_token: str
    created_at: _timestamp_pb2.Timestamp
    acknowledged_at: _timestamp_pb2.Timestamp
    acknowledged_by: str
    state: str
    failure_reason: str
    items_done: int
    items_total: int
    bytes_done: int
    bytes_total: int
    note: str
    created_by: str
    items: _containers.RepeatedCompositeFieldContainer[DisclosedItem]
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., org_id: _Optional[str] = ..., evidence_ids: _Optional[_Iterable[str]] = ..., recipient_name: _Optional[str] = ..., recipient_email: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., tree_head_id: _Optional[int] = ..., acknowledgement_token: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledged_by: _Optional[str] = ..., state: _Optional[str] = ..., failure_reason: _Optional[str] = ..., items_done: _Optional[int] = ..., items_total: _Optional[int] = ..., bytes_done: _Optional[int] = ..., bytes_total: _Optional[int] = ..., note: _Optional[str] = ..., created_by: _Optional[str] = ..., items: _Optional[_Iterable[_Union[DisclosedItem, _Mapping]]] = ...) -> None: ...

class DisclosedItem(_message.Message):
    __slots__ = ("evidence_id", "filename", "content_type", "size", "sha256")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    def __init__(self, evidence_id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...

class LookupDisclosureRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class ListDisclosuresRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ListDisclosuresResponse(_message.Message):
    __slots__ = ("disclosures",)
    DISCLOSURES_FIELD_NUMBER: _ClassVar[int]
    disclosures: _containers.RepeatedCompositeFieldContainer[Disclosure]
    def __init__(self, disclosures: _Optional[_Iterable[_Union[Disclosure, _Mapping]]] = ...) -> None: ...

class GetDisclosureRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DownloadDisclosureRequest(_message.Message):
    __slots__ = ("id", "source_address")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_address: str
    def __init__(self, id: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class DisclosureChunk(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class AcknowledgeDisclosureRequest(_message.Message):
    __slots__ = ("token", "name", "source_address")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    token: str
    name: str
    source_address: str
    def __init__(self, token: _Optional[str] = ..., name: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

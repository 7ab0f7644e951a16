"""A Kafka-protocol broker for development and tests: librdkafka's mock cluster.

The librdkafka inside the confluent-kafka wheel exports the mock-cluster C API; we call it
with ctypes. Clients cannot create topics on this broker, so we create the topics of
infra/kafka/topics.yaml ourselves. Services still reach it over TCP with aiokafka.
"""

from __future__ import annotations

import ctypes
import glob
import os
from pathlib import Path

import yaml

RD_KAFKA_PRODUCER = 0


def _librdkafka() -> ctypes.CDLL:
    import confluent_kafka

    libdir = Path(confluent_kafka.__file__).parent.parent / "confluent_kafka.libs"
    candidates = glob.glob(str(libdir / "librdkafka*.so*"))
    if not candidates:
        raise RuntimeError(f"librdkafka not found next to confluent_kafka ({libdir})")
    lib = ctypes.CDLL(candidates[0])
    vp, cp, ci = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    lib.rd_kafka_conf_new.restype = vp
    lib.rd_kafka_conf_set.argtypes = [vp, cp, cp, cp, ctypes.c_size_t]
    lib.rd_kafka_new.restype = vp
    lib.rd_kafka_new.argtypes = [ci, vp, cp, ctypes.c_size_t]
    lib.rd_kafka_destroy.argtypes = [vp]
    lib.rd_kafka_mock_cluster_new.restype = vp
    lib.rd_kafka_mock_cluster_new.argtypes = [vp, ci]
    lib.rd_kafka_mock_cluster_destroy.argtypes = [vp]
    lib.rd_kafka_mock_cluster_bootstraps.restype = cp
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [vp]
    lib.rd_kafka_mock_topic_create.restype = ci
    lib.rd_kafka_mock_topic_create.argtypes = [vp, cp, ci, ci]
    lib.rd_kafka_mock_broker_set_down.restype = ci
    lib.rd_kafka_mock_broker_set_down.argtypes = [vp, ctypes.c_int32]
    lib.rd_kafka_mock_broker_set_up.restype = ci
    lib.rd_kafka_mock_broker_set_up.argtypes = [vp, ctypes.c_int32]
    return lib


def default_topics_file() -> Path:
    env = os.environ.get("CUSTODY_TOPICS_FILE")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "infra" / "kafka" / "topics.yaml"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("infra/kafka/topics.yaml not found; set CUSTODY_TOPICS_FILE")


def load_topics(path: Path | None = None) -> dict[str, int]:
    """Topic name → partition count."""
    data = yaml.safe_load((path or default_topics_file()).read_text())
    return {name: int(spec["partitions"]) for name, spec in data["topics"].items()}


class MockKafkaCluster:
    """An in-process mock cluster listening on 127.0.0.1; lives as long as this object."""

    def __init__(self, brokers: int = 1, topics: dict[str, int] | None = None) -> None:
        self._lib = _librdkafka()
        conf = self._lib.rd_kafka_conf_new()
        err = ctypes.create_string_buffer(512)
        # A handle with no bootstrap servers only hosts the mock cluster; silence its warning.
        self._lib.rd_kafka_conf_set(conf, b"log_level", b"3", err, len(err))
        self._rk = self._lib.rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, len(err))
        if not self._rk:
            raise RuntimeError(f"rd_kafka_new failed: {err.value.decode()}")
        self._cluster = self._lib.rd_kafka_mock_cluster_new(self._rk, brokers)
        if not self._cluster:
            raise RuntimeError("rd_kafka_mock_cluster_new failed")
        self.bootstrap_servers: str = self._lib.rd_kafka_mock_cluster_bootstraps(
            self._cluster
        ).decode()
        for name, partitions in (topics if topics is not None else load_topics()).items():
            self.create_topic(name, partitions)

    def create_topic(self, name: str, partitions: int, replication_factor: int = 1) -> None:
        rc = self._lib.rd_kafka_mock_topic_create(
            self._cluster, name.encode(), partitions, replication_factor
        )
        if rc != 0:
            raise RuntimeError(f"could not create topic {name}: error {rc}")

    def broker_down(self, broker_id: int = 1) -> None:
        self._lib.rd_kafka_mock_broker_set_down(self._cluster, broker_id)

    def broker_up(self, broker_id: int = 1) -> None:
        self._lib.rd_kafka_mock_broker_set_up(self._cluster, broker_id)

    def close(self) -> None:
        if self._cluster:
            self._lib.rd_kafka_mock_cluster_destroy(self._cluster)
            self._cluster = None
        if self._rk:
            self._lib.rd_kafka_destroy(self._rk)
            self._rk = None

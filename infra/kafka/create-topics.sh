#!/usr/bin/env bash
# Creates the topics of topics.yaml on a real Kafka cluster; the `kafka-init` one-shot of
# docker-compose.yml runs it. Idempotent: a topic that exists is left alone.
#
#   create-topics.sh [--dry-run] [topics.yaml]
#
# --dry-run prints the kafka-topics.sh commands instead of running them.
# KAFKA_BOOTSTRAP_SERVERS   default kafka:9092
# KAFKA_TOPICS_BIN          default /opt/kafka/bin/kafka-topics.sh (the apache/kafka image)
# MAX_REPLICATION_FACTOR    default 3; caps topics.yaml's factor on a smaller cluster
set -euo pipefail

dry_run=false
if [[ "${1:-}" == "--dry-run" ]]; then
    dry_run=true
    shift
fi
topics_file="${1:-$(dirname "$0")/topics.yaml}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
kafka_topics="${KAFKA_TOPICS_BIN:-/opt/kafka/bin/kafka-topics.sh}"
max_rf="${MAX_REPLICATION_FACTOR:-3}"

# topics.yaml holds one flow mapping per topic, under `topics:`:
#   audit.records: {partitions: 1, replication_factor: 3, retention_ms: -1}
# prints: audit.records partitions: 1 replication_factor: 3 retention_ms: -1
topic_lines() {
    sed -n 's/^  *\([A-Za-z0-9._-]*\): *{\(.*\)} *$/\1 \2/p' "$topics_file" | tr -d ','
}

run() {
    if $dry_run; then echo "$*"; else "$@"; fi
}

create_topic() {  # name, then the settings as "key:" "value" words
    local name=$1 partitions=1 rf=1
    local -a configs=()
    shift
    while (($#)); do
        local key=${1%:} value=$2
        shift 2
        case $key in
            partitions) partitions=$value ;;
            replication_factor) rf=$((value < max_rf ? value : max_rf)) ;;
            retention_ms) configs+=(--config "retention.ms=$value") ;;
            cleanup_policy) configs+=(--config "cleanup.policy=$value") ;;
            *) echo "create-topics: unknown setting '$key' for $name" >&2; exit 1 ;;
        esac
    done
    run "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
        --topic "$name" --partitions "$partitions" --replication-factor "$rf" "${configs[@]}"
}

count=0
while read -r line; do
    # shellcheck disable=SC2086  # the settings split into words on purpose
    create_topic $line
    count=$((count + 1))
done < <(topic_lines)

if ((count == 0)); then
    echo "create-topics: no topics found in $topics_file" >&2
    exit 1
fi
echo "create-topics: $count topics ensured on $bootstrap"

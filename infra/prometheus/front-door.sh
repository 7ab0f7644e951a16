#!/bin/sh
# Prometheus's entrypoint in docker-compose.yml. Prometheus reads no environment in its
# configuration, so the front door that job "blackbox" probes is written here, from
# CUSTODY_DOMAIN and CADDY_TLS, to the file_sd file prometheus.yml names; then Prometheus runs.
# A site on Caddy's internal CA is probed with the module that trusts that CA, and labelled
# ca="internal": Caddy renews those short-lived certificates itself, so only the probe's
# failure, not the expiry date, is worth an alert there.
set -eu
module=front_door_tls
ca=public
if [ "${CADDY_TLS:-}" = internal ]; then
    module=front_door_tls_internal_ca
    ca=internal
fi
printf '[{"targets": ["https://%s/healthz"], "labels": {"__param_module": "%s", "ca": "%s"}}]\n' \
    "$CUSTODY_DOMAIN" "$module" "$ca" > "${FRONT_DOOR_FILE:-/prometheus/front-door.json}"
exec "${PROMETHEUS:-/bin/prometheus}" "$@"

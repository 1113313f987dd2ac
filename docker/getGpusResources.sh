#!/usr/bin/env bash
# Spark GPU discovery script (spark.worker.resource.gpu.discoveryScript on a standalone worker,
# spark.executor.resource.gpu.discoveryScript on YARN and Kubernetes): prints the GPUs that
# nvidia-smi lists, as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}.
set -euo pipefail
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader)"
addresses="$(printf '%s\n' "$indices" | sed -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/"&"/' | paste -sd, -)"
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"

#!/usr/bin/env bash
# Rebuilds the shipped default model from FER2013 and puts it where the launcher jar takes it from
# (launcher/src/main/resources/io/fer/launcher/default-model). Usage: scripts/build-default-model.sh [DATA_DIR]
# DATA_DIR holds fer2013/train and fer2013/public-test (<label>/<image>); default: ../shared/data beside the checkout.
# About 65 minutes on 2 cores the first time: features of the 28,709 training images, their mirror images, two degraded
# copies and the 3,589 validation images (about 40 minutes, cached for later runs), then training.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$ROOT/../shared/data}"
OUT="$ROOT/launcher/src/main/resources/io/fer/launcher/default-model"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$ROOT/fer" train --default --dataset "$DATA/fer2013/train" --val "$DATA/fer2013/public-test" --out "$TMP/model"
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$TMP/model/." "$OUT/"
echo "default model written to $OUT ($(du -sh "$OUT" | cut -f1)); commit it, and raise DefaultRecipe.VERSION when it changes"

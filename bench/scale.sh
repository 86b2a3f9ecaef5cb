#!/bin/bash
# Time and peak memory of hdscheck on synthetic dossiers of growing size, against the dossier's protobuf size:
#
#   bench/scale.sh [ACTIVITIES...]        default: 1000 10000 100000 1000000
#
# A synthetic dossier of N processing activities has 5N records (bench/synthetic_dossier.h). For each size the
# script writes the JSON dossier to a scratch directory, then runs, with /usr/bin/time: `hdscheck validate` (read
# and validate) and `hdscheck check` with every finding kept, the JSON report streamed to /dev/null. It prints one
# Markdown table row a size: wall seconds, CPU seconds (user + system) and peak RSS of each, the ratio of their CPU
# times, and check's peak against the protobuf size. Needs an optimised build:
# bazel build -c opt //cli:hdscheck //bench:gen_dossier.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
hdscheck="$bin/cli/hdscheck"
gen="$bin/bench/gen_dossier"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 100000 1000000)
now=2026-11-28T00:00:00Z

# Wall seconds, CPU seconds (user + system) and peak RSS in MB (10^6 bytes, as the protobuf size) of a command,
# its output discarded.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err" || true
  read -r wall user system rss < <(tail -n 1 "$scratch/time")  # after "Command exited with non-zero status"
  echo "$wall $(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }') $((rss * 1024 / 1000000))"
}

echo "| activities | JSON MB | protobuf in memory MB | validate s (CPU) | validate peak MB | check s (CPU) | check / validate, CPU | check peak MB | check peak / protobuf |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for activities in "${sizes[@]}"; do
  records=$((activities * 5))
  "$gen" "$records" json >"$scratch/d.json"
  json_mb=$(($(stat -c %s "$scratch/d.json") / 1000000))
  proto_mb=$(($("$gen" "$records" size | awk '/in_memory/ {print $2}') / 1000000))
  read -r vwall vcpu vrss < <(measure "$hdscheck" validate "$scratch/d.json")
  read -r cwall ccpu crss < <(measure "$hdscheck" check "$scratch/d.json" --now "$now" --format json --quiet)
  ratio=$(awk -v a="$crss" -v b="$proto_mb" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  cpu_ratio=$(awk -v a="$ccpu" -v b="$vcpu" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  echo "| $activities | $json_mb | $proto_mb | $vwall ($vcpu) | $vrss | $cwall ($ccpu) | ${cpu_ratio}x | $crss | ${ratio}x |"
done

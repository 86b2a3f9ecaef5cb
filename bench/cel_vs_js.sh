#!/usr/bin/env bash
# hdsc's CEL engine against @bufbuild/cel (JavaScript) on the expressions of
# bench/cel_vs_js_exprs.txt, both in process (compiled once, evaluated repeatedly; no process start
# in the timing), in CPU time. Each side runs PASSES times, alternating, and the best time of each
# expression counts, so that a burst of load on the shared machine does not decide a ratio.
# Prints a table: expression, hdsc ns, bufbuild ns, ratio, and whether the results agree (where
# both print them). Usage: bench/cel_vs_js.sh [MIN_SECONDS per expression and pass, 0.3] [PASSES, 3].
# Needs bench/js/node_modules (tools/setup.sh installs it from bench/js/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
min_seconds="${1:-0.3}"
passes="${2:-3}"
exprs=bench/cel_vs_js_exprs.txt
bazel build -c opt --disk_cache="$HOME/.cache/hdsc-bazel-disk" //bench:cel_vs_js_bench >&2
hdsc_out=$(mktemp)
js_out=$(mktemp)
trap 'rm -f "$hdsc_out" "$js_out"' EXIT
for ((pass = 0; pass < passes; ++pass)); do
  bazel-bin/bench/cel_vs_js_bench "$exprs" "$min_seconds" >>"$hdsc_out"
  node bench/cel_vs_js.js "$exprs" "$min_seconds" >>"$js_out"
done
# name, best ns, result, in the order of the file.
best() {
  awk -F'\t' -v OFS='\t' '
    !($1 in ns) { order[++n] = $1; ns[$1] = $2; result[$1] = $3; next }
    $2 + 0 < ns[$1] + 0 { ns[$1] = $2 }
    END { for (k = 1; k <= n; ++k) print order[k], ns[order[k]], result[order[k]] }' "$1"
}
paste <(best "$hdsc_out") <(best "$js_out") |
  awk -F'\t' '
    BEGIN {
      printf "| expression | hdsc ns | bufbuild ns | bufbuild / hdsc | results agree |\n"
      printf "| --- | ---: | ---: | ---: | --- |\n"
    }
    {
      if ($1 != $4) { print "expression lists differ: " $1 " vs " $4 > "/dev/stderr"; exit 1 }
      ratio = $5 / $2
      agree = ($3 == "-" || $6 == "-") ? "n/a" : ($3 == $6 ? "yes" : "NO: " $3 " vs " $6)
      printf "| %s | %.1f | %.1f | %.1fx | %s |\n", $1, $2, $5, ratio, agree
      sum += log(ratio); n++
      if (ratio >= 10) tenfold++
      if (min == "" || ratio < min) { min = ratio; min_name = $1 }
    }
    END {
      printf "\n%d expressions; geometric mean %.1fx; %d of %d at 10x or more; lowest %.1fx (%s)\n",
             n, exp(sum / n), tenfold, n, min, min_name
    }'

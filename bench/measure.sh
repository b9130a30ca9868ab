# Sourced by the benchmarks. measure CMD...: "seconds max_rss_kib" of the best of 3 runs of a
# command (GNU time writes them to a file).
measure() {
  local best_t="" best_m="" tmp
  tmp=$(mktemp)
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$tmp")
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  rm -f "$tmp"
  echo "$best_t $best_m"
}

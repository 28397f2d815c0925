#!/usr/bin/env bash
# Side-by-side measurements for docs/performance.md (not run in CI).
#
#   bench/compare.sh            everything below; results in target/bench/
#   QUICK=1 bench/compare.sh    fewer runs, no 10 000-report soak
#
# Needs, besides the stock Rust toolchain: hyperfine and GNU time (Debian `hyperfine`,
# `time`), Python 3, pandoc + LaTeX (`pandoc texlive-latex-recommended lmodern`),
# LibreOffice (`libreoffice-writer-nogui`), and the official Typst CLI at the version
# psr embeds, installed here on first use (`cargo install typst-cli --version 0.15.1
# --locked`), or given as TYPST=/path/to/typst.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/bench
RUNS=${RUNS:-20}
PAIRS=${PAIRS:-30}
[ -n "${QUICK:-}" ] && RUNS=5 && PAIRS=10
# What is shipped and measured: the `dist` profile (release with link-time
# optimization, Cargo.toml); tests and examples stay in `release`.
PSR=target/dist/psr
CASE=fixtures/case.example.yaml
CAT=fixtures/catalogue.example.yaml
TYPST=${TYPST:-$OUT/tools/bin/typst}

cargo build --profile dist --locked --bin psr
cargo build --release --locked --example generate_cases
if [ ! -x "$TYPST" ]; then
  cargo install typst-cli --version 0.15.1 --locked --root "$OUT/tools"
fi
mkdir -p "$OUT"

echo "== machine"
{ nproc; grep -m1 "model name" /proc/cpuinfo || true; free -g | head -2; } | tee "$OUT/machine.txt"

# The same document for every tool: psr's view of the example case, laid out by the
# same Typst template (typst CLI), or written as Markdown (pandoc, LibreOffice).
rm -rf "$OUT/templates" "$OUT/lo"
"$PSR" render "$CASE" --catalogue "$CAT" -o "$OUT/psr.pdf" --force --emit-view "$OUT/view.json" 2>/dev/null
"$PSR" templates export "$OUT/templates" 2>/dev/null
cp "$OUT/view.json" "$OUT/templates/data.json"
python3 bench/view_to_markdown.py "$OUT/view.json" > "$OUT/report.md"
pandoc "$OUT/report.md" -s --metadata title="Pre-sentence report" -o "$OUT/report.html"

# typst doing psr's work: the same templates, data, fonts (Typst's and psr's own, from
# report-templates/fonts), Typst feature and PDF standards; the two PDFs differ only in
# the document identifier.
TYPST_COMPILE="$TYPST compile --features a11y-extras --pdf-standard a-2b,ua-1 --ignore-system-fonts --font-path report-templates/fonts --root $OUT/templates $OUT/templates/full.typ $OUT/typst.pdf"
PSR_RENDER="$PSR render $CASE --catalogue $CAT -o $OUT/psr.pdf --force"

echo "== one report, cold process: psr render against typst compile, $PAIRS interleaved pairs"
python3 bench/pairs.py "$PAIRS" "$PSR_RENDER" "$TYPST_COMPILE" | tee "$OUT/pairs.txt"
python3 bench/pairs.py "$PAIRS" "$PSR validate $CASE --catalogue $CAT" "$PSR --version" | tee "$OUT/validate-pairs.txt"

echo "== one report, cold process"
single=(
  -n "psr render (validate + match + render + write)" "$PSR_RENDER"
  -n "typst compile (same template, data and fonts, PDF/A-2b + UA-1)" "$TYPST_COMPILE"
)
command -v pandoc >/dev/null && single+=(-n "pandoc + LaTeX (pdflatex)" "pandoc $OUT/report.md -o $OUT/pandoc.pdf --pdf-engine=pdflatex -V geometry:a4paper")
command -v soffice >/dev/null && single+=(-n "LibreOffice headless" "soffice --headless --convert-to pdf --outdir $OUT/lo $OUT/report.html")
hyperfine --warmup 2 --runs "$RUNS" --export-markdown "$OUT/single.md" --export-json "$OUT/single.json" "${single[@]}"

echo "== peak memory (KiB, GNU time %M)"
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
{
  echo "psr render: $(peak "$PSR" render "$CASE" --catalogue "$CAT" -o "$OUT/psr.pdf" --force)"
  echo "psr validate: $(peak "$PSR" validate "$CASE" --catalogue "$CAT")"
  # shellcheck disable=SC2086
  echo "typst compile: $(peak $TYPST_COMPILE)"
  command -v pandoc >/dev/null && echo "pandoc + LaTeX: $(peak pandoc "$OUT/report.md" -o "$OUT/pandoc.pdf" --pdf-engine=pdflatex)"
  command -v soffice >/dev/null && echo "LibreOffice: $(peak soffice --headless --convert-to pdf --outdir "$OUT/lo" "$OUT/report.html")"
} | tee "$OUT/memory.txt"

echo "== 500 generated cases"
rm -rf "$OUT/cases" && target/release/examples/generate_cases "$OUT/cases" 500 42
hyperfine --runs 3 --export-markdown "$OUT/validate.md" \
  -n "psr validate, 500 cases" "$PSR validate $OUT/cases/*.yaml --catalogue $CAT --json > /dev/null"

# Two typst processes side by side need each case's data in its own root.
rm -rf "$OUT/typst-cases" && mkdir -p "$OUT/typst-cases"
for f in "$OUT"/cases/*.yaml; do
  n=$(basename "$f" .yaml)
  mkdir -p "$OUT/typst-cases/$n"
  "$PSR" render "$f" --catalogue "$CAT" -o "$OUT/typst-cases/$n/psr.pdf" --force --emit-view "$OUT/typst-cases/$n/data.json" >/dev/null 2>&1
  cp "$OUT"/templates/*.typ "$OUT/typst-cases/$n/"
done
hyperfine --runs 3 --export-markdown "$OUT/batch.md" --export-json "$OUT/batch.json" \
  --prepare "rm -rf $OUT/batch" \
  -n "psr batch --jobs 1" "$PSR batch $OUT/cases --catalogue $CAT -o $OUT/batch --jobs 1 --quiet" \
  -n "psr batch --jobs 2" "$PSR batch $OUT/cases --catalogue $CAT -o $OUT/batch --jobs 2 --quiet" \
  -n "2 typst compile processes in parallel" "ls -d $OUT/typst-cases/* | xargs -P 2 -I{} $TYPST compile --features a11y-extras --pdf-standard a-2b,ua-1 --ignore-system-fonts --font-path report-templates/fonts --root {} {}/full.typ {}/typst.pdf"
echo "psr batch --jobs 2, 500 cases: $(peak "$PSR" batch "$OUT/cases" --catalogue "$CAT" -o "$OUT/batch" --jobs 2 --quiet --force) KiB peak" | tee -a "$OUT/memory.txt"

if [ -z "${QUICK:-}" ]; then
  echo "== 10 000 reports in one process (memory must stay flat)"
  rm -rf "$OUT/cases10k" "$OUT/batch10k" && target/release/examples/generate_cases "$OUT/cases10k" 10000 7
  /usr/bin/time -v "$PSR" batch "$OUT/cases10k" --catalogue "$CAT" -o "$OUT/batch10k" --jobs 2 --quiet 2> "$OUT/soak.txt" || true
  grep -E "Maximum resident|Elapsed" "$OUT/soak.txt" | tee -a "$OUT/memory.txt"
fi

echo "== in-process stages (criterion)"
cargo bench --bench pipeline -- --noplot 2>/dev/null | grep -E "^(prepare|typst_only|report|rerender_after_edit)|time:" | tee "$OUT/stages.txt"
echo "results in $OUT/"

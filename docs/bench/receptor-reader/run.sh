#!/usr/bin/env bash
# Receptor reader comparison behind docs/benchmarks.md "Receptor reading": multipose's PdbReceptorReader vs
# BioJava 7.2.4 on every protein.pdb under a folder (default ../shared/data/plb/data). Not part of the build, so
# BioJava stays out of multipose's pom. Needs Maven Central and the shared data.
# Usage: docs/bench/receptor-reader/run.sh [folder] [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
data="${1:-$repo/../shared/data/plb/data}"
runs="${2:-9}"
(cd "$repo" && mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
mkdir -p "$here/target/classes"
(cd "$here" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bio-cp.txt)
cp="$repo/target/classes:$(cat "$repo/target/cp.txt"):$(cat "$here/target/bio-cp.txt")"
javac -d "$here/target/classes" -cp "$cp" "$here"/src/main/java/bench/*.java
quiet='SLF4J|chemcomp|ChemComp|PDB_DIR|SeqRes2AtomAligner|^\s*at '
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx2g -cp "$here/target/classes:$cp" bench.CompareReaders "$data" "$runs" 2>&1 | grep -Ev "$quiet"
one="$(find "$data" -name protein.pdb | sort | head -1)"
echo "one read in a fresh JVM ($one):"
for i in 1 2 3; do
  for w in ours biojava; do
    java -cp "$here/target/classes:$cp" bench.ColdStart "$w" "$one" 2>&1 | grep -Ev "$quiet"
  done
done

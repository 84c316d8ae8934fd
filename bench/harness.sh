# Sourced by bench/run.sh and bench/shards.sh, run from the repository's root: builds the jar and
# the test classes, then runs one benchmark class of src/test/java/io/tom/monitoring/bench with
# the controller's JVM options (the README's, unless TOM_BENCH_JVM_OPTIONS says otherwise).
#   run_harness <class> <results file>
CONTROLLER_JVM_OPTIONS="${TOM_BENCH_JVM_OPTIONS:--Xmx512m -XX:G1HeapRegionSize=4m}"

run_harness() {
  mvn -q -B -DskipTests package
  mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
  java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    "io.tom.monitoring.bench.$1" target/tom-monitoring.jar "$2" "$CONTROLLER_JVM_OPTIONS"
}

package io.instanceconsole.bench;

final class RealEventLatencyBenchmark {
    private RealEventLatencyBenchmark() {
    }

    static void run() throws Exception {
        throw new BenchSuite.Skip("not written yet");
    }
}

package io.updraft.plugins.ml;

import java.nio.file.Path;
import java.util.List;

/**
 * Measures {@link UrlFeatures} throughput on one thread: {@code java ... UrlFeatureBenchmark [csv] [seconds]}
 * prints URLs per second over the data set's URLs (the bundled phishing-urls copy by default).
 */
public final class UrlFeatureBenchmark {

    private UrlFeatureBenchmark() {
    }

    /**
     * URLs per second of wall time and per second of this thread's CPU time (the per-core figure, which other
     * processes on a shared machine do not distort).
     */
    public record Result(long urls, double wallSeconds, double cpuSeconds) {
        public double urlsPerWallSecond() {
            return urls / wallSeconds;
        }

        public double urlsPerCpuSecond() {
            return urls / cpuSeconds;
        }
    }

    /** Extracts features of {@code urls} repeatedly for about {@code seconds} after a warm-up. */
    public static Result run(List<String> urls, UrlFeatures features, double seconds) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] out = new double[features.dimension()];
        double sink = 0;
        long warmUntil = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmUntil) {
            for (String url : urls) {
                features.extract(url, out);
                sink += out[0];
            }
        }
        long count = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long until = start + (long) (seconds * 1e9);
        long now;
        do {
            for (String url : urls) {
                features.extract(url, out);
                sink += out[0];
            }
            count += urls.size();
            now = System.nanoTime();
        } while (now < until);
        if (sink == 42.4242) {
            System.out.print("");
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new Result(count, (now - start) / 1e9, cpu / 1e9);
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "dag-specs/data/phishing-urls/phishing-urls.csv");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<String> urls = DatasetSnapshot.read(csv).urls();
        UrlFeatures features = new UrlFeatures();
        Result result = run(urls, features, seconds);
        System.out.printf("UrlFeatures (%d features, %d hash buckets) over %d URLs on one thread:"
                + " %,.0f URLs per CPU-second, %,.0f URLs per wall-second%n", features.dimension(),
                features.hashBuckets(), urls.size(), result.urlsPerCpuSecond(), result.urlsPerWallSecond());
    }
}

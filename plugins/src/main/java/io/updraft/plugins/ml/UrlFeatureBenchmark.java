package io.updraft.plugins.ml;

import java.nio.file.Path;
import java.util.List;

/**
 * Measures {@link UrlFeatures} throughput on one thread: {@code java ... UrlFeatureBenchmark [csv] [seconds]
 * [rounds]} prints URLs per second over the data set's URLs (the bundled phishing-urls copy by default), for the
 * extractor alone and for {@link FeatureMatrix#extract} (what {@code updraft.ml.ExtractUrlFeatures} runs).
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

    /**
     * Prints the best and the median of {@code rounds} rounds (default 5) of {@code seconds} each (default 1):
     * on a shared machine the best round is the least disturbed by other processes.
     */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "dag-specs/data/phishing-urls/phishing-urls.csv");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> urls = DatasetSnapshot.read(csv).urls();
        UrlFeatures features = new UrlFeatures();
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Result result = run(urls, features, seconds);
            cpu[r] = result.urlsPerCpuSecond();
            wall[r] = result.urlsPerWallSecond();
        }
        java.util.Arrays.sort(cpu);
        java.util.Arrays.sort(wall);
        System.out.printf("UrlFeatures (%d features, %d hash buckets) over %d URLs on one thread, %d rounds of %.1f s:"
                + " best %,.0f / median %,.0f URLs per CPU-second; best %,.0f / median %,.0f URLs per wall-second%n",
                features.dimension(), features.hashBuckets(), urls.size(), rounds, seconds, cpu[rounds - 1],
                cpu[rounds / 2], wall[rounds - 1], wall[rounds / 2]);
        // what updraft.ml.ExtractUrlFeatures does per snapshot: extraction plus the sparse feature matrix
        DatasetSnapshot data = DatasetSnapshot.read(csv);
        double[] matrixRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long until = System.nanoTime() + (long) (seconds * 1e9);
            long rows = 0;
            double busy = 0;
            while (System.nanoTime() < until) {
                FeatureMatrix.Extraction extraction = FeatureMatrix.extract(data, features);
                rows += extraction.matrix().rows();
                busy += extraction.seconds();
            }
            matrixRates[r] = rows / busy;
        }
        java.util.Arrays.sort(matrixRates);
        System.out.printf("FeatureMatrix.extract (the ExtractUrlFeatures artifact, sparse rows) over %d URLs:"
                + " best %,.0f / median %,.0f URLs per second%n", data.size(), matrixRates[rounds - 1],
                matrixRates[rounds / 2]);
    }
}

package io.ctops.core.job;

import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.job.ScheduledJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link ScheduledJob}s of started plugins, and core's own housekeeping, on a small shared pool. */
public final class JobScheduler implements PluginLifecycleListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final ScheduledExecutorService executor;
    private final Map<String, List<ScheduledFuture<?>>> byPlugin = new ConcurrentHashMap<>();

    public JobScheduler(int threads) {
        this.executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "scheduled-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void started(RunningPlugin plugin) {
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        for (ScheduledJob job : plugin.extensions(ScheduledJob.class)) {
            Duration interval = job.interval();
            if (interval == null || interval.isNegative() || interval.isZero()) {
                futures.forEach(f -> f.cancel(false));
                throw new IllegalStateException("job " + job.id() + " has no positive interval");
            }
            String name = plugin.id() + "/" + job.id();
            futures.add(executor.scheduleWithFixedDelay(() -> runOnce(name, job),
                    Math.max(0, job.initialDelay().toMillis()), interval.toMillis(), TimeUnit.MILLISECONDS));
            LOG.info("Plugin {}: job {} every {}", plugin.id(), job.id(), interval);
        }
        byPlugin.put(plugin.id(), futures);
    }

    /** Runs one of core's own jobs every {@code interval} until the scheduler closes. */
    public void scheduleCore(String id, Duration interval, Runnable job) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("job " + id + " has no positive interval");
        }
        String name = "core/" + id;
        executor.scheduleWithFixedDelay(() -> runOnce(name, job::run), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Core job {} every {}", id, interval);
    }

    @Override
    public void stopping(RunningPlugin plugin) {
        List<ScheduledFuture<?>> futures = byPlugin.remove(plugin.id());
        if (futures != null) {
            futures.forEach(f -> f.cancel(false));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static void runOnce(String name, ScheduledJob job) {
        runOnce(name, (Task) job::run);
    }

    /** What a job body may throw. */
    private interface Task {
        void run() throws Exception;
    }

    private static void runOnce(String name, Task job) {
        try {
            job.run();
        } catch (Exception e) {
            // a job that throws runs again at its next time; the scheduler must not cancel it
            LOG.warn("Job {} failed: {}", name, e.toString(), e);
        }
    }
}

package io.ctops.agent.plugin.system;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.Collector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The host's vitals: CPU, memory and swap use, load averages and uptime from {@code /proc}, and how
 * full the root file system is.
 *
 * <p>Each source is read on its own: a host without one of them (a container without
 * {@code /proc/loadavg}, a non-Linux machine) still reports the rest, and a source that starts
 * failing is logged once rather than every interval.
 */
@Extension
public final class SystemCollector implements Collector {

    private static final Logger log = LoggerFactory.getLogger(SystemCollector.class);

    private final AgentPluginContext context;
    private final RootDisk rootDisk;
    private final CpuUsage cpu = new CpuUsage();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /**
     * Reads the host named by the context's host root.
     *
     * @param context the plugin's context
     */
    public SystemCollector(AgentPluginContext context) {
        this(context, RootDisk.fileStoreOf(context.hostRoot()));
    }

    SystemCollector(AgentPluginContext context, RootDisk rootDisk) {
        this.context = requireNonNull(context, "context is null");
        this.rootDisk = requireNonNull(rootDisk, "rootDisk is null");
    }

    @Override
    public String id() {
        return "system";
    }

    @Override
    public void collect(Vitals.Builder into) throws IOException {
        List<String> failures = new ArrayList<>();
        read("/proc/stat", failures, () -> into.setCpuPercent(cpu.percent(CpuTimes.parse(host("/proc/stat")))));
        read("/proc/meminfo", failures, () -> {
            MemInfo memory = MemInfo.parse(host("/proc/meminfo"));
            into.setMemoryPercent(memory.memoryPercent()).setSwapPercent(memory.swapPercent());
        });
        read("/proc/loadavg", failures, () -> {
            LoadAverage load = LoadAverage.parse(host("/proc/loadavg"));
            into.setLoad1(load.load1()).setLoad5(load.load5()).setLoad15(load.load15());
        });
        read("/proc/uptime", failures, () -> into.setUptimeSecs(Uptime.parseSeconds(host("/proc/uptime"))));
        read("root file system", failures, () -> into.setRootDiskPercent(rootDisk.read().usedPercent()));
        if (failures.size() == 5) {
            throw new IOException("no vitals readable: " + String.join("; ", failures));
        }
    }

    private String host(String path) throws IOException {
        return Files.readString(context.hostPath(path));
    }

    private void read(String source, List<String> failures, Source read) {
        try {
            read.into();
            if (failing.remove(source)) {
                log.info("{} is readable again", source);
            }
        } catch (IOException | RuntimeException e) {
            String reason = source + ": " + reason(e);
            failures.add(reason);
            if (failing.add(source)) {
                log.warn("Cannot read {}; its vitals are left out until it can be read", reason);
            } else {
                log.debug("Still cannot read {}", reason);
            }
        }
    }

    private static String reason(Exception e) {
        return e instanceof NoSuchFileException ? "no such file " + e.getMessage() : String.valueOf(e.getMessage());
    }

    /** One source of figures, read into the builder. */
    @FunctionalInterface
    private interface Source {
        void into() throws IOException;
    }
}

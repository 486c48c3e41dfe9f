package io.ctops.agent.checks;

import io.ctops.sdk.agent.CheckExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/** The check executors the plugins contributed, by check type. */
public final class CheckExecutors {

    private static final Logger log = LoggerFactory.getLogger(CheckExecutors.class);

    private final Map<String, CheckExecutor> byType = new LinkedHashMap<>();

    /**
     * @param executors the executors; when two claim the same type, the first one is used
     */
    public CheckExecutors(List<CheckExecutor> executors) {
        requireNonNull(executors, "executors is null");
        for (CheckExecutor executor : executors) {
            String type = executor.type();
            CheckExecutor first = byType.putIfAbsent(type, executor);
            if (first != null) {
                log.warn("Two executors for check type {}: using {}, ignoring {}", type, first.getClass().getName(),
                        executor.getClass().getName());
            }
        }
    }

    /** {@return the executor for this check type, if a plugin provides one} */
    public Optional<CheckExecutor> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** {@return the check types this agent can run} */
    public Set<String> types() {
        return Set.copyOf(byType.keySet());
    }
}

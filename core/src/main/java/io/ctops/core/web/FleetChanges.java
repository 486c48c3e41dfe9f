package io.ctops.core.web;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_STATUS_HISTORY;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes fleet changes to open pages. One thread reads a cheap signature of the fleet (latest
 * status transition, agent count, newest vitals) every few seconds, from the database so changes
 * made by any instance count, and only when it moved asks each registered page to refresh through
 * Vaadin push.
 */
public final class FleetChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetChanges.class);

    private final DSLContext dsl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-changes");
        t.setDaemon(true);
        return t;
    });
    private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
    private volatile List<Object> last = List.of();

    private record Listener(UI ui, Runnable refresh) {
    }

    public FleetChanges(DSLContext dsl, long periodMillis) {
        this.dsl = dsl;
        timer.scheduleWithFixedDelay(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Calls {@code refresh} inside the UI's lock whenever the fleet changed, until the registration is removed or the UI detaches. */
    public Registration register(UI ui, Runnable refresh) {
        Object key = new Object();
        listeners.put(key, new Listener(ui, refresh));
        Registration detach = ui.addDetachListener(e -> listeners.remove(key));
        return () -> {
            listeners.remove(key);
            detach.remove();
        };
    }

    private void tick() {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            List<Object> now = dsl.select(
                            DSL.field(DSL.select(DSL.max(HOST_STATUS_HISTORY.ID)).from(HOST_STATUS_HISTORY)),
                            DSL.field(DSL.select(DSL.count()).from(AGENT)),
                            DSL.field(DSL.select(DSL.max(AGENT.APPROVED_AT)).from(AGENT)),
                            DSL.field(DSL.select(DSL.max(HOST.VITALS_AT)).from(HOST)))
                    .fetchOne().intoList();
            if (now.equals(last)) {
                return;
            }
            last = now;
            listeners.values().forEach(l -> l.ui().access(l.refresh()::run));
        } catch (RuntimeException e) {
            LOG.debug("fleet change check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

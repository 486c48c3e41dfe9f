package io.ctops.core.audit;

import static io.ctops.db.jooq.Tables.AUDIT_LOG;
import static java.util.Objects.requireNonNull;

import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to the audit log: who did what to which target, and whether it was allowed. Entries never
 * carry secrets; details are short, human-readable reasons.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_DETAIL = 1000;

    /** How an audited action ended. */
    public enum Outcome { OK, REFUSED, ERROR }

    private final DSLContext dsl;

    public AuditLog(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /**
     * Records an entry in its own statement (outside any caller transaction, so a refusal that rolls
     * the caller back is still audited). Failing to audit is logged, never thrown at the caller.
     */
    public void record(UUID orgId, String actor, String action, String target, Outcome outcome, String detail) {
        try {
            dsl.insertInto(AUDIT_LOG)
                    .set(AUDIT_LOG.ORG_ID, orgId)
                    .set(AUDIT_LOG.ACTOR, requireNonNull(actor, "actor is null"))
                    .set(AUDIT_LOG.ACTION, requireNonNull(action, "action is null"))
                    .set(AUDIT_LOG.TARGET, target)
                    .set(AUDIT_LOG.OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .set(AUDIT_LOG.DETAIL, detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL))
                    .execute();
        } catch (RuntimeException e) {
            LOG.error("Audit entry not written ({} {} {} {}): {}", actor, action, target, outcome, e.toString());
        }
    }
}

package io.ctops.core.org;

import static io.ctops.db.jooq.Tables.ORGANISATION;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** The organisations everything else is scoped by. */
public final class Organisations {

    private final DSLContext dsl;

    public Organisations(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /** Creates an organisation; names are unique. */
    public UUID create(String name) {
        String trimmed = requireNonNull(name, "name is null").strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw new IllegalArgumentException("organisation name must be 1-200 characters");
        }
        return dsl.insertInto(ORGANISATION).set(ORGANISATION.NAME, trimmed)
                .returning(ORGANISATION.ID).fetchOne(ORGANISATION.ID);
    }

    public Optional<UUID> findByName(String name) {
        return dsl.select(ORGANISATION.ID).from(ORGANISATION).where(ORGANISATION.NAME.eq(name)).fetchOptional(ORGANISATION.ID);
    }
}

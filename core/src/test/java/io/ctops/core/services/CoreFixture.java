package io.ctops.core.services;

import io.ctops.core.testing.SettableClock;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.identity.AgentIdentityServices;
import io.ctops.core.org.Organisations;
import io.ctops.core.security.SecretBox;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.User;
import io.ctops.db.ConnectionPool;
import io.ctops.db.SchemaMigrator;
import io.ctops.db.ScratchDatabase;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** A migrated scratch database with the core services on it, and a clock the test moves. */
final class CoreFixture implements AutoCloseable {

    static final String PASSWORD = "a long enough passphrase";

    final ScratchDatabase database = ScratchDatabase.create();
    final ConnectionPool pool = ConnectionPool.open(database.url(), "core-test", 4);
    final DSLContext dsl = DSL.using(pool.dataSource(), SQLDialect.POSTGRES);
    final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));
    final CoreServices services;

    CoreFixture() {
        new SchemaMigrator().migrateCore(pool.dataSource());
        SecretBox secrets = new SecretBox("core-fixture-secret-0123456789");
        AgentIdentityServices identity = AgentIdentityServices.start(dsl, secrets, clock, Optional.empty());
        services = CoreServices.create(dsl, secrets, identity, Optional.empty(), clock);
    }

    /** A new organisation with one user of the given role; answers that user as an actor. */
    Actor organisationWith(Role role) {
        UUID org = new Organisations(dsl).create("org-" + UUID.randomUUID());
        String email = role.id().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Actor bootstrap = new Actor(null, org, Role.SUPER_ADMIN, "test");
        User user = services.users().create(bootstrap, new NewUser(email, "Test", role, PASSWORD));
        return services.users().actor(user.id()).orElseThrow();
    }

    /** Another user in the same organisation as {@code admin}. */
    Actor colleague(Actor admin, Role role) {
        String email = "colleague-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        User user = services.users().create(new Actor(null, admin.orgId(), Role.SUPER_ADMIN, "test"),
                new NewUser(email, "Colleague", role, PASSWORD));
        return services.users().actor(user.id()).orElseThrow();
    }

    @Override
    public void close() {
        pool.close();
        database.close();
    }
}

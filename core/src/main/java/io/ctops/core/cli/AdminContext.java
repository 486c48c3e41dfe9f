package io.ctops.core.cli;

import static io.ctops.db.jooq.Tables.APP_USER;
import static io.ctops.db.jooq.Tables.ORGANISATION;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.config.ServerSecret;
import io.ctops.core.identity.AgentIdentityServices;
import io.ctops.core.security.SecretBox;
import io.ctops.core.services.CoreServices;
import io.ctops.db.ConnectionPool;
import io.ctops.db.SchemaMigrator;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The database and the shared services, opened from the same environment the server reads
 * ({@code DATABASE_URL}, {@code CT_OPS_SECRET} / {@code CT_OPS_SECRET_FILE}). It never migrates: a
 * database the server has not brought up to date is refused, so the command line and a server of
 * another version cannot fight over the schema.
 */
final class AdminContext implements AutoCloseable {

    private final ServerConfig config;
    private final ConnectionPool pool;
    private final DSLContext dsl;
    private final CoreServices services;
    private final String actorName;

    private AdminContext(ServerConfig config, ConnectionPool pool, DSLContext dsl, CoreServices services, String actorName) {
        this.config = config;
        this.pool = pool;
        this.dsl = dsl;
        this.services = services;
        this.actorName = actorName;
    }

    static AdminContext open(Map<String, String> env, String osUser) {
        ServerConfig config = ServerConfig.fromEnvironment(env);
        if (config.databaseUrl().isEmpty()) {
            throw new UsageException("DATABASE_URL is required: the admin command line works on the server's database "
                    + "(a server's embedded database is reachable only while that server runs)");
        }
        if (config.secret().isEmpty() && !Files.exists(config.dataDir().resolve("secret"))) {
            throw new UsageException("CT_OPS_SECRET or CT_OPS_SECRET_FILE is required (the server's secret; "
                    + "or CT_OPS_DATA_DIR pointing at the data directory holding the generated one)");
        }
        ConnectionPool pool = ConnectionPool.open(config.databaseUrl().get(), "ctops-admin", 2);
        try {
            if (!new SchemaMigrator().isCoreUpToDate(pool.dataSource())) {
                throw new Refusal(Refusal.Reason.CONFLICT, "the database schema is not up to date: start the server "
                        + "(this version) once, it migrates the database");
            }
            DSLContext dsl = DSL.using(pool.dataSource(), SQLDialect.POSTGRES);
            SecretBox secrets = new SecretBox(ServerSecret.resolve(config).value());
            Clock clock = Clock.systemUTC();
            AgentIdentityServices identity = AgentIdentityServices.start(dsl, secrets, clock, Optional.empty());
            CoreServices services = CoreServices.create(dsl, secrets, identity, Optional.empty(), clock);
            return new AdminContext(config, pool, dsl, services, "cli:" + osUser);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    CoreServices services() {
        return services;
    }

    DSLContext dsl() {
        return dsl;
    }

    ServerConfig config() {
        return config;
    }

    /**
     * The operator acting as super_admin of the named organisation, or of the only one when none is
     * named.
     */
    Actor actor(Optional<String> organisation) {
        UUID orgId;
        if (organisation.isPresent()) {
            orgId = dsl.select(ORGANISATION.ID).from(ORGANISATION).where(ORGANISATION.NAME.eq(organisation.get().strip()))
                    .fetchOptional(ORGANISATION.ID)
                    .orElseThrow(() -> Refusal.notFound("no organisation named '" + organisation.get() + "'"));
        } else {
            List<UUID> all = dsl.select(ORGANISATION.ID).from(ORGANISATION).limit(2).fetch(ORGANISATION.ID);
            if (all.size() != 1) {
                throw new UsageException(all.isEmpty() ? "there is no organisation yet; run: ctops admin setup --org O --email E"
                        : "this database has several organisations: name one with --org");
            }
            orgId = all.get(0);
        }
        return new Actor(null, orgId, Role.SUPER_ADMIN, actorName);
    }

    /**
     * The user an API key is created for, acting as itself (its own role and organisation) so the key
     * is the user's, while the audit log names the operator at the command line.
     */
    Actor user(String email) {
        var user = dsl.selectFrom(APP_USER).where(DSL.lower(APP_USER.EMAIL).eq(email.strip().toLowerCase(java.util.Locale.ROOT)))
                .fetchOptional().orElseThrow(() -> Refusal.notFound("no user with the e-mail address " + email));
        if (user.getDisabledAt() != null) {
            throw new Refusal(Refusal.Reason.CONFLICT, "the user " + user.getEmail() + " is disabled");
        }
        return new Actor(user.getId(), user.getOrgId(), Role.parse(user.getRole()), actorName);
    }

    @Override
    public void close() {
        pool.close();
    }
}

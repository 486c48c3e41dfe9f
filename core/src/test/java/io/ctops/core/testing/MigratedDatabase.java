package io.ctops.core.testing;

import io.ctops.db.ConnectionPool;
import io.ctops.db.SchemaMigrator;
import io.ctops.db.ScratchDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/** A scratch database on the test PostgreSQL with core's schema migrated and a pool, for one test class. */
public final class MigratedDatabase implements AutoCloseable {

    private final ScratchDatabase database;
    private final ConnectionPool pool;
    private final DSLContext dsl;

    private MigratedDatabase(ScratchDatabase database, ConnectionPool pool) {
        this.database = database;
        this.pool = pool;
        this.dsl = DSL.using(pool.dataSource(), SQLDialect.POSTGRES);
    }

    /** @param poolName names the pool's connections (seen in pg_stat_activity) */
    public static MigratedDatabase create(String poolName, int poolSize) {
        ScratchDatabase database = ScratchDatabase.create();
        try {
            ConnectionPool pool = ConnectionPool.open(database.url(), poolName, poolSize);
            new SchemaMigrator().migrateCore(pool.dataSource());
            return new MigratedDatabase(database, pool);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool.dataSource();
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** A DSL on the same pool that adds one to {@code statements} for every statement it executes. */
    public DSLContext counting(AtomicInteger statements) {
        return DSL.using(new DefaultConfiguration().set(pool.dataSource()).set(SQLDialect.POSTGRES)
                .set(new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext ctx) {
                        statements.incrementAndGet();
                    }
                }));
    }

    @Override
    public void close() {
        pool.close();
        database.close();
    }
}

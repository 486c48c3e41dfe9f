package io.ctops.plugin.monitoring;

import io.ctops.sdk.migration.SchemaMigrations;
import org.pf4j.Extension;

/** The time-series, rollup, check and result tables (db/migration/monitoring). */
@Extension
public class MonitoringMigrations implements SchemaMigrations {

    @Override
    public String location() {
        return "db/migration/monitoring";
    }
}

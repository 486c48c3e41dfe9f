package io.ctops.plugin.example;

import io.ctops.sdk.migration.SchemaMigrations;
import org.pf4j.Extension;

/** Creates the example_event table. */
@Extension
public class ExampleMigrations implements SchemaMigrations {

    @Override
    public String location() {
        return "db/migration/example";
    }
}

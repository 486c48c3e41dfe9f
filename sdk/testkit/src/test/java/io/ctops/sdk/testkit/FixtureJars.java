package io.ctops.sdk.testkit;

import io.ctops.plugin.fixture.FixtureResource;
import io.ctops.plugin.fixture.GoodMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plugin jars built from the fixture classes for the tests of this module. */
final class FixtureJars {

    private FixtureJars() {
    }

    static Path newDir() {
        try {
            return Files.createTempDirectory("ctops-fixture-jars-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A healthy plugin: a migration and a REST resource. */
    static PluginJarBuilder good(String id, String version) {
        return PluginJarBuilder.plugin(id, version)
                .extension(FixtureResource.class)
                .extension(GoodMigrations.class)
                .resource("db/migration/fixture-good/V1__fixture_good.sql");
    }

    static Path notAJar(Path dir) {
        try {
            return Files.writeString(dir.resolve("garbage.jar"), "this is not a zip file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ctops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void jdbcUrlMovesCredentialsOutAndKeepsOtherParameters() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://db.example:6543/ctops?user=app&password=s%40cret&sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/ctops?sslmode=require", url.jdbcUrl());
        assertEquals("app", url.user());
        assertEquals("s@cret", url.password());
    }

    @Test
    void libpqUrlDecodesUserAndPasswordAndDefaultsThePort() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops%2Bteam:p%3Aw%2Fd%20x@10.0.0.5/fleet?sslmode=verify-full");
        assertEquals("jdbc:postgresql://10.0.0.5:5432/fleet?sslmode=verify-full", url.jdbcUrl());
        assertEquals("ops+team", url.user());
        assertEquals("p:w/d x", url.password());
    }

    @Test
    void postgresSchemeIpv6AndNoPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://postgres@[::1]:5433/postgres");
        assertEquals("jdbc:postgresql://[::1]:5433/postgres", url.jdbcUrl());
        assertEquals("postgres", url.user());
        assertNull(url.password());
        DatabaseUrl bare = DatabaseUrl.parse("jdbc:postgresql://localhost/db");
        assertEquals("jdbc:postgresql://localhost:5432/db", bare.jdbcUrl());
        assertNull(bare.user());
    }

    @Test
    void withDatabaseKeepsServerParametersAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:pw@h:1/a?sslmode=disable").withDatabase("b");
        assertEquals(new DatabaseUrl("jdbc:postgresql://h:1/b?sslmode=disable", "u", "pw"), url);
    }

    @Test
    void toStringMasksThePassword() {
        String text = DatabaseUrl.parse("postgresql://u:hunter2@h/db").toString();
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("****"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "mysql://u:hunter2@h/db", "hunter2", "postgresql://u:hunter2@h", "postgresql://u:hunter2@h/",
        "postgresql://u:hunter2@/db", "postgresql://u:hunter2@h:99999/db", "postgresql://u:hunter2@h:abc/db",
        "postgresql://u:hunter2%zz@h/db", "postgresql://u:hunter2@[::1/db", "jdbc:postgresql://u:hunter2@h/db",
        "postgresql://u:hunter2@h o/db", "jdbc:postgresql://h:0/db?password=hunter2"})
    void badInputIsRejectedWithoutLeakingThePassword(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(input));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void nullIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> DatabaseUrl.parse(null));
        assertEquals("url is null", e.getMessage());
    }
}

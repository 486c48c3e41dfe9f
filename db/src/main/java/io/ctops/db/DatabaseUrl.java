package io.ctops.db;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a PostgreSQL database is and how to log in: a pgjdbc URL without credentials, plus the
 * user and password (either may be {@code null}, e.g. for trust authentication).
 * {@link #toString()} masks the password.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    /** Checks that {@code jdbcUrl} is a {@code jdbc:postgresql://} URL. */
    public DatabaseUrl {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("jdbcUrl must start with " + JDBC_PREFIX);
        }
    }

    /**
     * Parses {@code jdbc:postgresql://host[:port]/db[?user=..&password=..&...]} or the libpq form
     * {@code postgresql://[user[:password]@]host[:port]/db[?params]} ({@code postgres://} too).
     * User and password are percent-decoded, the port defaults to 5432, and other parameters are
     * kept in the JDBC URL.
     *
     * @throws IllegalArgumentException if the text is not such a URL; the message never contains the password
     */
    public static DatabaseUrl parse(String url) {
        requireNonNull(url, "url is null");
        String text = url.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("database URL is empty");
        }
        boolean jdbc = text.startsWith(JDBC_PREFIX);
        String rest;
        if (jdbc) {
            rest = text.substring(JDBC_PREFIX.length());
        } else if (text.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (text.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException(
                    "unsupported database URL: expected jdbc:postgresql://, postgresql:// or postgres://");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("database URL names no database (expected .../<database>)");
        }
        String authority = rest.substring(0, slash);
        String database = rest.substring(slash + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (jdbc) {
                throw new IllegalArgumentException(
                        "a jdbc:postgresql:// URL takes credentials as ?user=..&password=.., not user@host");
            }
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        List<String> params = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            switch (key) {
                case "user" -> user = decode(value, "user name");
                case "password" -> password = decode(value, "password");
                default -> params.add(param);
            }
        }
        String hostAndPort = hostAndPort(authority, jdbc);
        String jdbcUrl = JDBC_PREFIX + hostAndPort + "/" + database
                + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new DatabaseUrl(jdbcUrl, user == null || user.isEmpty() ? null : user, password);
    }

    /** The same server and credentials, but the database {@code name}. */
    public DatabaseUrl withDatabase(String name) {
        requireNonNull(name, "name is null");
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("database name must match [A-Za-z0-9_.-]+: " + name);
        }
        String rest = jdbcUrl.substring(JDBC_PREFIX.length());
        int slash = rest.indexOf('/');
        int q = rest.indexOf('?', Math.max(slash, 0));
        String params = q < 0 ? "" : rest.substring(q);
        return new DatabaseUrl(JDBC_PREFIX + rest.substring(0, slash) + "/" + name + params, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[jdbcUrl=" + jdbcUrl + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "****") + "]";
    }

    private static String hostAndPort(String authority, boolean jdbc) {
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("database URL names no host");
        }
        if (jdbc && authority.contains(",")) {
            return authority; // pgjdbc multi-host list: leave to the driver
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) { // IPv6 literal
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("database URL has an unterminated IPv6 address");
            }
            host = authority.substring(0, end + 1);
            if (end + 1 < authority.length()) {
                if (authority.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("database URL has junk after the IPv6 address");
                }
                port = authority.substring(end + 2);
            }
        } else if (authority.indexOf(':') >= 0) {
            host = authority.substring(0, authority.indexOf(':'));
            port = authority.substring(authority.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._\\-\\[\\]:%]+")) {
            throw new IllegalArgumentException("database URL has an empty or invalid host name");
        }
        int portNumber = 5432;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                portNumber = -1;
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw new IllegalArgumentException("database URL port must be a number from 1 to 65535");
            }
        }
        return host + ":" + portNumber;
    }

    private static String decode(String text, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (lo < 0) {
                throw new IllegalArgumentException("database URL has an invalid %-escape in the " + what);
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

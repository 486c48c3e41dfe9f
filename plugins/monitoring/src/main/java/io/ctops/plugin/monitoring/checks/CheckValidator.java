package io.ctops.plugin.monitoring.checks;

import io.ctops.sdk.access.Refused;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a {@link CheckSpec} on save with the same rules the agent's checks plugin applies when a
 * definition arrives, so a definition the server accepts never turns into "invalid settings" on the
 * host: known keys only, ports 1-65535, http(s) URLs with a host, a compilable process pattern,
 * timeouts 1-600000 ms; plus an interval from 10 s to one day. All problems are reported at once.
 */
public final class CheckValidator {

    public static final int MIN_INTERVAL_SECS = 10;
    public static final int MAX_INTERVAL_SECS = 86_400;
    private static final Map<String, Set<String>> KEYS = Map.of(
            "port", Set.of("host", "port", "timeout_ms"),
            "process", Set.of("name", "pattern"),
            "http", Set.of("url", "expected_status", "timeout_ms", "body_contains", "tls_verify"));
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]{1,253}");

    private CheckValidator() {
    }

    /** The checked definition with blank settings left out, or a 400 listing every problem. */
    public static CheckSpec validate(CheckSpec spec) {
        if (spec == null) {
            throw new Refused(Refused.Reason.INVALID, "a check needs a body: name, type, settings, intervalSecs");
        }
        List<String> problems = new ArrayList<>();
        String name = spec.name() == null ? "" : spec.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            problems.add("name must be 1 to 100 characters");
        }
        String type = spec.type() == null ? "" : spec.type().strip().toLowerCase(Locale.ROOT);
        Map<String, String> settings = new TreeMap<>();
        if (spec.settings() != null) {
            spec.settings().forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    settings.put(k, k.equals("body_contains") ? v : v.strip());
                }
            });
        }
        if (!KEYS.containsKey(type)) {
            problems.add("type must be port, process or http");
        } else {
            Set<String> unknown = new TreeSet<>(settings.keySet());
            unknown.removeAll(KEYS.get(type));
            if (!unknown.isEmpty()) {
                problems.add("unknown setting(s) " + String.join(", ", unknown) + " for a " + type + " check; known: "
                        + String.join(", ", new TreeSet<>(KEYS.get(type))));
            }
            switch (type) {
                case "port" -> port(settings, problems);
                case "process" -> process(settings, problems);
                default -> http(settings, problems);
            }
        }
        Integer interval = spec.intervalSecs();
        if (interval == null || interval < MIN_INTERVAL_SECS || interval > MAX_INTERVAL_SECS) {
            problems.add("intervalSecs must be from " + MIN_INTERVAL_SECS + " (10 s) to " + MAX_INTERVAL_SECS + " (one day)");
        }
        if (!problems.isEmpty()) {
            throw new Refused(Refused.Reason.INVALID, "invalid check: " + String.join("; ", problems));
        }
        return new CheckSpec(name, type, Map.copyOf(settings), interval, spec.enabled() == null || spec.enabled());
    }

    private static void port(Map<String, String> s, List<String> problems) {
        String host = s.get("host");
        if (host == null || !HOST.matcher(host).matches()) {
            problems.add("host must be a host name or IP address");
        }
        whole(s, "port", 1, 65_535, true, problems);
        whole(s, "timeout_ms", 1, 600_000, false, problems);
    }

    private static void process(Map<String, String> s, List<String> problems) {
        String name = s.get("name");
        String pattern = s.get("pattern");
        if ((name == null) == (pattern == null)) {
            problems.add("give exactly one of name and pattern");
        }
        if (name != null && (name.length() > 255 || name.contains("/"))) {
            problems.add("name must be a program name (no /, at most 255 characters)");
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add("pattern is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
    }

    private static void http(Map<String, String> s, List<String> problems) {
        String url = s.get("url");
        if (url == null) {
            problems.add("url is missing");
        } else {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    problems.add("url must be an http:// or https:// URL with a host");
                }
            } catch (URISyntaxException e) {
                problems.add("url is not a URL: " + e.getMessage());
            }
        }
        whole(s, "expected_status", 100, 599, false, problems);
        whole(s, "timeout_ms", 1, 600_000, false, problems);
        String tls = s.get("tls_verify");
        if (tls != null && !tls.equalsIgnoreCase("true") && !tls.equalsIgnoreCase("false")) {
            problems.add("tls_verify must be true or false");
        }
    }

    private static void whole(Map<String, String> s, String key, int min, int max, boolean required, List<String> problems) {
        String text = s.get(key);
        if (text == null) {
            if (required) {
                problems.add(key + " is missing");
            }
            return;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be a whole number from " + min + " to " + max + ", not \"" + text + "\"");
    }
}

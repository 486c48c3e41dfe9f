package io.ctops.agent.loadtest;

import io.ctops.agent.cli.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of bad client {@code --misbehave} adds next to the well-behaved virtual agents. */
public enum Misbehaviour {
    /** Live heartbeats far faster than the declared interval. */
    FAST("fast"),
    /** Heartbeats beyond the server's limits: lists too long, fields too large, messages too large. */
    OVERSIZED("oversized"),
    /** Sends heartbeats and never reads the answers, with a tiny receive window. */
    SLOW_READER("slow-reader"),
    /** Connections that open TCP (or TLS) and never send anything. */
    SILENT_TLS("silent-tls");

    private final String option;

    Misbehaviour(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    /** Parses repeated and comma-separated {@code --misbehave} values; each kind once, in declaration order. */
    static List<Misbehaviour> parse(List<String> values) {
        Set<Misbehaviour> kinds = EnumSet.noneOf(Misbehaviour.class);
        for (String value : values) {
            for (String name : value.split(",")) {
                String trimmed = name.strip();
                kinds.add(Arrays.stream(values()).filter(m -> m.option.equals(trimmed)).findFirst()
                        .orElseThrow(() -> new UsageException("--misbehave: unknown kind '" + trimmed + "' ("
                                + Arrays.stream(values()).map(Misbehaviour::option).collect(Collectors.joining(", ")) + ")")));
            }
        }
        return new ArrayList<>(kinds);
    }
}

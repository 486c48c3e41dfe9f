package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * The settings of a {@code process} check: exactly one of a process name and a command-line pattern.
 *
 * @param name the process name to match exactly, or empty
 * @param pattern the regular expression to find in the command line, or empty
 */
record ProcessCheckSettings(Optional<String> name, Optional<Pattern> pattern) {

    private static final Set<String> KEYS = Set.of("name", "pattern");

    ProcessCheckSettings {
        requireNonNull(name, "name is null");
        requireNonNull(pattern, "pattern is null");
        if (name.isPresent() == pattern.isPresent()) {
            throw new IllegalArgumentException("give either name or pattern");
        }
    }

    /** Reads the settings without any I/O; throws {@link IllegalArgumentException} naming what is wrong. */
    static ProcessCheckSettings from(CheckDefinition definition) {
        CheckSettings settings = CheckSettings.of(definition, KEYS);
        Optional<String> name = settings.optional("name");
        Optional<String> regex = settings.optional("pattern");
        if (name.isPresent() && regex.isPresent()) {
            throw new IllegalArgumentException("give either name or pattern, not both");
        }
        if (name.isEmpty() && regex.isEmpty()) {
            throw new IllegalArgumentException("name or pattern is missing");
        }
        try {
            return new ProcessCheckSettings(name, regex.map(Pattern::compile));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** {@return whether the process is one this check looks for} */
    boolean matches(ProcessEntry process) {
        if (name.isPresent()) {
            return name.get().equals(process.name()) || name.get().equals(process.executableName());
        }
        // kernel threads have no command line to match
        return !process.commandLine().isEmpty() && pattern.orElseThrow().matcher(process.commandLine()).find();
    }

    /** {@return what the check looks for, for its output: "named nginx" or "matching /regex/"} */
    String describe() {
        return name.map(n -> "named " + n).orElseGet(() -> "matching /" + pattern.orElseThrow().pattern() + "/");
    }
}

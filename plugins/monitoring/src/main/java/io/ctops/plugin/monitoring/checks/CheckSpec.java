package io.ctops.plugin.monitoring.checks;

import java.util.Map;

/**
 * A check as a user defines it (REST body, form), before validation.
 *
 * @param type {@code port}, {@code process} or {@code http}
 * @param settings as the agent's checks plugin reads them (its README), e.g. {@code host}, {@code port}
 * @param enabled {@code null} means enabled
 */
public record CheckSpec(String name, String type, Map<String, String> settings, Integer intervalSecs, Boolean enabled) {
}

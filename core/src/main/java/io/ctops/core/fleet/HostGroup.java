package io.ctops.core.fleet;

import java.util.UUID;

/** A named set of hosts, with how many hosts it holds. */
public record HostGroup(UUID id, String name, int hostCount) {
}

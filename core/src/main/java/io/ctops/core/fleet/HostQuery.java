package io.ctops.core.fleet;

import io.ctops.core.access.Refusal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One page of the hosts list: search text (hostname, display name, IP), filters, sort and page.
 *
 * @param tags tag filters (key to value); a host must carry all of them
 * @param page zero-based page number
 */
public record HostQuery(String search, Set<HostStatus> statuses, Optional<String> os, Optional<UUID> groupId,
                        Map<String, String> tags, HostSort sort, boolean descending, int page, int pageSize) {

    public static final Set<Integer> PAGE_SIZES = Set.of(25, 50, 100, 200);
    public static final int MAX_SEARCH = 200;

    public HostQuery {
        search = search == null ? "" : search.strip();
        if (search.length() > MAX_SEARCH) {
            throw Refusal.invalid("search must be at most " + MAX_SEARCH + " characters");
        }
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        os = os == null ? Optional.empty() : os.filter(value -> !value.isBlank());
        groupId = groupId == null ? Optional.empty() : groupId;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        sort = sort == null ? HostSort.HOSTNAME : sort;
        if (!PAGE_SIZES.contains(pageSize)) {
            throw Refusal.invalid("page size must be one of 25, 50, 100, 200");
        }
        if (page < 0 || page > 1_000_000) {
            throw Refusal.invalid("page must be 0 or more");
        }
    }

    /** Everything, first page of 25, by hostname. */
    public static HostQuery all() {
        return new HostQuery("", Set.of(), Optional.empty(), Optional.empty(), Map.of(), HostSort.HOSTNAME, false, 0, 25);
    }

    public HostQuery withPage(int newPage) {
        return new HostQuery(search, statuses, os, groupId, tags, sort, descending, newPage, pageSize);
    }
}

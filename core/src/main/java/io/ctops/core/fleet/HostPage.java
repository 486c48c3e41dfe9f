package io.ctops.core.fleet;

import java.util.List;

/** One page of hosts and how many match the query in all. */
public record HostPage(List<HostRow> hosts, long total, int page, int pageSize) {

    public int pages() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }
}

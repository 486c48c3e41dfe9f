-- Time series of the monitoring plugin (DESIGN §7). Every table is range-partitioned on its time
-- column so that retention drops whole partitions; MonitoringPartitionJob creates partitions ahead
-- and drops expired ones (raw and 1 m: one per UTC day, 1 h: per month, 1 d: per year).

-- One row per heartbeat's vitals. The primary key makes a redelivered sample a no-op.
CREATE TABLE monitoring_sample (
    host_id uuid             NOT NULL,
    org_id  uuid             NOT NULL,
    ts      timestamptz      NOT NULL,
    cpu     double precision, -- %
    memory  double precision, -- %
    swap    double precision, -- %
    disk    double precision, -- % of the root file system
    load1   double precision,
    load5   double precision,
    load15  double precision,
    net_rx  double precision, -- bytes/s, all interfaces but loopback
    net_tx  double precision, -- bytes/s
    PRIMARY KEY (host_id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE monitoring_disk_sample (
    host_id      uuid             NOT NULL,
    org_id       uuid             NOT NULL,
    ts           timestamptz      NOT NULL,
    mount        text             NOT NULL,
    used_percent double precision,
    used_bytes   bigint           NOT NULL,
    total_bytes  bigint           NOT NULL,
    PRIMARY KEY (host_id, mount, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE monitoring_interface_sample (
    host_id   uuid             NOT NULL,
    org_id    uuid             NOT NULL,
    ts        timestamptz      NOT NULL,
    iface     text             NOT NULL,
    rx_bytes  bigint           NOT NULL, -- the agent's counters as sent
    tx_bytes  bigint           NOT NULL,
    rx_errors bigint           NOT NULL,
    tx_errors bigint           NOT NULL,
    rx_rate   double precision,          -- bytes/s since the previous sample; NULL for the first one or after a counter reset
    tx_rate   double precision,
    PRIMARY KEY (host_id, iface, ts)
) PARTITION BY RANGE (ts);

-- Rollups per host, series and bucket, kept by the consumer from the raw rows it actually inserted.
-- Series names: cpu, memory, swap, disk, load1, load5, load15, net.rx, net.tx, disk:<mount>,
-- if.rx:<interface>, if.tx:<interface>.
CREATE TABLE monitoring_rollup_1m (
    host_id uuid             NOT NULL,
    org_id  uuid             NOT NULL,
    series  text             NOT NULL,
    bucket  timestamptz      NOT NULL,
    n       integer          NOT NULL,
    min     double precision NOT NULL,
    max     double precision NOT NULL,
    sum     double precision NOT NULL,
    PRIMARY KEY (host_id, series, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE monitoring_rollup_1h (LIKE monitoring_rollup_1m INCLUDING ALL) PARTITION BY RANGE (bucket);
CREATE TABLE monitoring_rollup_1d (LIKE monitoring_rollup_1m INCLUDING ALL) PARTITION BY RANGE (bucket);

-- What the consumer did with its input, by outcome (samples) and reason (dropped values); shown on /metrics.
CREATE TABLE monitoring_input_counter (
    name  text   PRIMARY KEY,
    total bigint NOT NULL
);

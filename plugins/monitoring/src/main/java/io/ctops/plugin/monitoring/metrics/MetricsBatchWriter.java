package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes a batch of samples with {@code write-batch.sql}: one statement, one round trip, whatever the
 * batch size. The statement is SQL rather than jOOQ because it chains data-modifying CTEs over
 * {@code unnest} of array parameters, which is what makes it both one round trip and idempotent.
 */
public final class MetricsBatchWriter {

    private static final String SQL = sql();

    private final DataSource dataSource;

    public MetricsBatchWriter(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /** Stores the samples and adds the counts; returns how many samples were new (not stored before). */
    public int write(List<MetricSample> samples, Map<String, Long> counts) throws SQLException {
        Columns host = new Columns(12);
        Columns disk = new Columns(7);
        Columns net = new Columns(10);
        for (MetricSample s : samples) {
            String org = s.orgId().toString();
            String id = s.hostId().toString();
            String at = s.at().toString();
            host.add(org, id, at, s.cpu(), s.memory(), s.swap(), s.disk(), s.load1(), s.load5(), s.load15(), s.netRx(), s.netTx());
            for (MetricSample.DiskRow d : s.disks()) {
                disk.add(org, id, at, d.mount(), d.usedPercent(), d.usedBytes(), d.totalBytes());
            }
            for (MetricSample.InterfaceRow i : s.interfaces()) {
                net.add(org, id, at, i.name(), i.rxBytes(), i.txBytes(), i.rxErrors(), i.txErrors(), i.rxRate(), i.txRate());
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SQL)) {
            int p = 1;
            p = host.bind(connection, statement, p, "text", "text", "text", "float8", "float8", "float8", "float8",
                    "float8", "float8", "float8", "float8", "float8");
            p = disk.bind(connection, statement, p, "text", "text", "text", "text", "float8", "int8", "int8");
            p = net.bind(connection, statement, p, "text", "text", "text", "text", "int8", "int8", "int8", "int8",
                    "float8", "float8");
            statement.setArray(p++, connection.createArrayOf("text", counts.keySet().toArray()));
            statement.setArray(p, connection.createArrayOf("int8", counts.values().toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt("inserted");
            }
        }
    }

    /** Rows as parallel columns, each bound as one array parameter. */
    private static final class Columns {

        private final List<List<Object>> columns = new ArrayList<>();

        Columns(int width) {
            for (int i = 0; i < width; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                columns.get(i).add(row[i]);
            }
        }

        int bind(Connection connection, PreparedStatement statement, int first, String... types) throws SQLException {
            for (int i = 0; i < types.length; i++) {
                Array array = connection.createArrayOf(types[i], columns.get(i).toArray());
                statement.setArray(first + i, array);
            }
            return first + types.length;
        }
    }

    private static String sql() {
        try (InputStream in = MetricsBatchWriter.class.getResourceAsStream("write-batch.sql")) {
            return new String(requireNonNull(in, "write-batch.sql is missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

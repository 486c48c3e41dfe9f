package io.ctops.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void writesFamiliesWithSortedEscapedLabels() {
        String text = new PrometheusText()
                .family("ctops_x_total", "counter", "Things\ncounted")
                .sample("ctops_x_total", Map.of("z", "1", "a", "say \"hi\"\\"), 3)
                .sample("ctops_x_total", 0.25)
                .toString();
        assertEquals("""
                # HELP ctops_x_total Things\\ncounted
                # TYPE ctops_x_total counter
                ctops_x_total{a="say \\"hi\\"\\\\",z="1"} 3
                ctops_x_total 0.25
                """, text);
    }
}

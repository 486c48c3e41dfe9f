package io.ctops.plugin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.access.Actor;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.HeadlessBrowser;
import io.ctops.sdk.testkit.TestAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The plugin's pages in a real headless Chromium: the Metrics tab's charts drawn by uPlot (ranges,
 * zoom, live tail of samples published through the real queue), the Checks tab creating a check, and
 * the fleet view comparing two hosts.
 */
class MonitoringBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of(System.getProperty("plugin.jar")));

    private static MonitoringFixtures fixtures;
    private static Actor admin;

    @BeforeAll
    static void administrator() {
        fixtures = new MonitoringFixtures(server);
        admin = fixtures.setUp("Acme", "admin@acme.example");
    }

    @Test
    void theMetricsTabDrawsChartsThatSwitchRangesAndZoomAndTheChecksTabCreatesACheck() {
        UUID host = host("web-charts", "10.9.1.1");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int m = 1; m <= 120; m++) {
            if (m % 30 != 0) { // a gap every half hour
                server.publish(Topics.METRICS_RAW, host.toString(),
                        MonitoringFixtures.sample(admin.orgId(), host, now.minus(Duration.ofMinutes(m)), 20 + m % 50, 60));
            }
        }
        awaitStored(host, 116);

        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.signIn(server.baseUrl(), "admin@acme.example", MonitoringFixtures.PASSWORD);
            browser.openAndWaitFor(server.baseUrl() + "/host/" + host, "web-charts", WAIT);
            browser.waitForElement(By.xpath("//vaadin-tab[contains(., 'Metrics')]")).click();
            WebElement canvas = browser.waitForElement(By.cssSelector("#metrics-chart-cpu canvas"));
            assertTrue(canvas.getSize().getWidth() > 200, "the CPU chart is drawn: " + canvas.getSize());
            assertEquals(4, browser.driver().findElements(By.cssSelector(".ctops-chart canvas")).size(), "CPU, memory, disk, network");
            assertTrue(browser.waitForText("last 1h: minute buckets", WAIT).contains("last 1h"));
            browser.screenshot("monitoring-01-metrics-1h");

            browser.click("metrics-range-6h");
            browser.waitForText("last 6h: minute buckets", WAIT);
            browser.click("metrics-range-7d");
            browser.waitForText("last 7d: hour buckets", WAIT);
            browser.click("metrics-range-1h");
            browser.waitForText("last 1h: minute buckets", WAIT);

            // hover read-out: the legend shows the time under the cursor
            WebElement over = browser.waitForElement(By.cssSelector("#metrics-chart-cpu .u-over"));
            new Actions(browser.driver()).moveToElement(over, 0, 0).perform();
            browser.waitForText("UTC", WAIT);

            // drag across the plot: every chart zooms into the window, loaded at a finer resolution
            new Actions(browser.driver()).moveToElement(over, -over.getSize().getWidth() / 4, 0).clickAndHold()
                    .moveByOffset(over.getSize().getWidth() / 5, 0).release().perform();
            browser.waitForText("zoomed: raw buckets of 10 s", WAIT);
            browser.screenshot("monitoring-02-zoomed");
            browser.click("metrics-reset-zoom");
            browser.waitForText("last 1h: minute buckets", WAIT);

            browser.waitForElement(By.xpath("//vaadin-tab[contains(., 'Checks')]")).click();
            browser.click("checks-add");
            browser.type("check-name", "ssh port");
            browser.type("check-host", "127.0.0.1");
            browser.type("check-port", "70000");
            browser.click("check-save");
            browser.waitForText("port must be a whole number from 1 to 65535", WAIT);
            browser.type("check-port", "22");
            browser.click("check-save");
            String page = browser.waitForText("127.0.0.1:22", WAIT);
            assertTrue(page.contains("no result yet"), page);
            browser.screenshot("monitoring-03-checks");
        }
        assertEquals(1, server.dsl().fetchCount(DSL.table(DSL.name("monitoring_check"))));
    }

    @Test
    void samplesPublishedWhileTheChartIsOpenAppearWithoutAReload() {
        UUID host = host("web-live", "10.9.1.2");
        Instant start = Instant.now();
        for (int m = 1; m <= 30; m++) {
            server.publish(Topics.METRICS_RAW, host.toString(),
                    MonitoringFixtures.sample(admin.orgId(), host, start.minus(Duration.ofMinutes(m)), 10 + m, 60));
        }
        awaitStored(host, 30);

        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.signIn(server.baseUrl(), "admin@acme.example", MonitoringFixtures.PASSWORD);
            browser.openAndWaitFor(server.baseUrl() + "/host/" + host, "web-live", WAIT);
            browser.waitForElement(By.xpath("//vaadin-tab[contains(., 'Metrics')]")).click();
            browser.waitForElement(By.cssSelector("#metrics-chart-cpu canvas"));
            browser.waitForText("last 1h: minute buckets", WAIT);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript("window.__monitoringNotReloaded = true");
            assertFalse(cpuValues(browser).contains(83.25), "not there before it is published");

            // now, through the real queue: the open chart's newest minute bucket gets it within a poll (10 s)
            Instant now = Instant.now();
            server.publish(Topics.METRICS_RAW, host.toString(), MonitoringFixtures.sample(admin.orgId(), host, now, 83.25, 60));
            CtopsTestServer.await("the new sample on the open chart", Duration.ofSeconds(60),
                    () -> cpuValues(browser).contains(83.25));
            assertEquals(Boolean.TRUE, js.executeScript("return window.__monitoringNotReloaded === true"), "the page was not reloaded");
            long bucket = Math.floorDiv(now.getEpochSecond(), 60) * 60;
            Object drawnAt = js.executeScript("const d = document.getElementById('metrics-chart-cpu').__ctopsChart.data;"
                    + " return d[0][d[1].indexOf(83.25)]");
            assertEquals(bucket, ((Number) drawnAt).longValue(), "drawn at its minute");
            browser.screenshot("monitoring-04-live-tail");
        }
    }

    @Test
    void theFleetViewComparesTwoHostsSideBySide() {
        UUID first = host("fleet-alpha", "10.9.1.3");
        UUID second = host("fleet-beta", "10.9.1.4");
        host("fleet-gamma", "10.9.1.5"); // not picked: not drawn
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int m = 1; m <= 20; m++) {
            server.publish(Topics.METRICS_RAW, first.toString(),
                    MonitoringFixtures.sample(admin.orgId(), first, now.minus(Duration.ofMinutes(m)), 11.5, 60));
            server.publish(Topics.METRICS_RAW, second.toString(),
                    MonitoringFixtures.sample(admin.orgId(), second, now.minus(Duration.ofMinutes(m)), 72.5, 60));
        }
        awaitStored(first, 20);
        awaitStored(second, 20);

        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.signIn(server.baseUrl(), "admin@acme.example", MonitoringFixtures.PASSWORD);
            browser.openAndWaitFor(server.baseUrl() + "/monitoring/fleet", "Fleet metrics", WAIT);
            browser.waitForElement(By.cssSelector("#fleet-chart"));
            pick(browser, "fleet-alpha");
            pick(browser, "fleet-beta");
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            CtopsTestServer.await("two hosts on the chart", WAIT, () -> Long.valueOf(3).equals(js.executeScript(
                    "const c = document.getElementById('fleet-chart').__ctopsChart; return c ? c.data.length : 0")));
            List<?> labels = (List<?>) js.executeScript(
                    "return document.getElementById('fleet-chart').__ctopsChart.series.slice(1).map(s => s.label)");
            assertEquals(List.of("fleet-alpha", "fleet-beta"), labels);
            assertTrue(column(browser, "fleet-chart", 1).contains(11.5), "alpha's cpu is drawn");
            assertTrue(column(browser, "fleet-chart", 2).contains(72.5), "beta's cpu is drawn");
            assertFalse(column(browser, "fleet-chart", 1).contains(72.5), "each line is its own host's");
            browser.screenshot("monitoring-05-fleet");
        }
    }

    private static UUID host(String hostname, String ip) {
        try (TestAgent agent = TestAgent.create(hostname, ip)) {
            return fixtures.register(agent, fixtures.enrolmentToken(admin.orgId()));
        }
    }

    private static void awaitStored(UUID host, int samples) {
        CtopsTestServer.await("samples stored", WAIT, () -> server.dsl().fetchCount(DSL.table(DSL.name("monitoring_sample")),
                DSL.field(DSL.name("host_id")).eq(host)) == samples);
        // samples dated back past the rollup job's grace are late: on the charts once the job took them (within 30 s)
        CtopsTestServer.await("late samples rolled up", WAIT,
                () -> server.dsl().fetchCount(DSL.table(DSL.name("monitoring_rollup_late"))) == 0);
    }

    /** Picks a host in the fleet view's multi-select by typing its name and clicking it in the list. */
    private static void pick(HeadlessBrowser browser, String hostname) {
        WebElement input = browser.waitForElement(By.cssSelector("#fleet-hosts input"));
        input.click();
        input.sendKeys(hostname);
        browser.waitForElement(By.xpath("//vaadin-multi-select-combo-box-item[contains(., '" + hostname + "')]")).click();
        input.sendKeys(Keys.ESCAPE);
    }

    private static List<Double> cpuValues(HeadlessBrowser browser) {
        return column(browser, "metrics-chart-cpu", 1);
    }

    /** The values of one line of a chart as uPlot holds them (appended points included). */
    private static List<Double> column(HeadlessBrowser browser, String chartId, int line) {
        Object values = ((JavascriptExecutor) browser.driver()).executeScript(
                "const c = document.getElementById(arguments[0]).__ctopsChart; return c ? c.data[arguments[1]] : []", chartId, line);
        return ((List<?>) values).stream().filter(v -> v != null).map(v -> ((Number) v).doubleValue()).toList();
    }
}

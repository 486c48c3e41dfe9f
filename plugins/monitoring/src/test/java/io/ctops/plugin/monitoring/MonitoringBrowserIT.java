package io.ctops.plugin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The Metrics and Checks tabs in a real headless Chromium: charts drawn by uPlot, ranges, zoom, a check created. */
class MonitoringBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of(System.getProperty("plugin.jar")));

    @Test
    void theMetricsTabDrawsChartsThatSwitchRangesAndZoomAndTheChecksTabCreatesACheck() {
        MonitoringFixtures fixtures = new MonitoringFixtures(server);
        Actor admin = fixtures.setUp("Acme", "admin@acme.example");
        UUID host;
        try (TestAgent agent = TestAgent.create("web-charts", "10.9.1.1")) {
            host = fixtures.register(agent, fixtures.enrolmentToken(admin.orgId()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int m = 1; m <= 120; m++) {
            if (m % 30 != 0) { // a gap every half hour
                server.publish(Topics.METRICS_RAW, host.toString(),
                        MonitoringFixtures.sample(admin.orgId(), host, now.minus(Duration.ofMinutes(m)), 20 + m % 50, 60));
            }
        }
        UUID stored = host;
        CtopsTestServer.await("samples stored", WAIT, () -> server.dsl().fetchCount(DSL.table(DSL.name("monitoring_sample")),
                DSL.field(DSL.name("host_id")).eq(stored)) == 116);

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
}

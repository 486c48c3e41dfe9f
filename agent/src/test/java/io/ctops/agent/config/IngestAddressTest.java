package io.ctops.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IngestAddressTest {

    @Test
    void parsesHostsPortsAndBracketedIpv6() {
        assertEquals(new IngestAddress("ingest.example.org", 9443), IngestAddress.parse("ingest.example.org:9443", "s"));
        assertEquals(new IngestAddress("10.0.0.1", 9443), IngestAddress.parse(" 10.0.0.1 ", "s"));
        assertEquals(new IngestAddress("::1", 7000), IngestAddress.parse("[::1]:7000", "s"));
        assertEquals(new IngestAddress("fe80::1", 9443), IngestAddress.parse("[fe80::1]", "s"));
        assertEquals("[::1]:7000", IngestAddress.parse("[::1]:7000", "s").toString());
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        assertEquals("s: '::1' looks like an IPv6 address: write it as [address]:port",
                assertThrows(ConfigException.class, () -> IngestAddress.parse("::1", "s")).getMessage());
        assertEquals("s: ':9443' names no host",
                assertThrows(ConfigException.class, () -> IngestAddress.parse(":9443", "s")).getMessage());
        assertEquals("s: 'h:port' has no valid port (1-65535)",
                assertThrows(ConfigException.class, () -> IngestAddress.parse("h:port", "s")).getMessage());
        assertEquals("s: an address is empty",
                assertThrows(ConfigException.class, () -> IngestAddress.parse(" ", "s")).getMessage());
    }
}

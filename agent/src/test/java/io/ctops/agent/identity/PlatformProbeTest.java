package io.ctops.agent.identity;

import io.ctops.proto.agent.v1.PlatformInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformProbeTest {

    @TempDir
    Path hostRoot;

    @Test
    void readsHostnameAndOsReleaseFromTheHostRoot() throws Exception {
        Files.createDirectories(hostRoot.resolve("etc"));
        Files.writeString(hostRoot.resolve("etc/hostname"), "web-01\n");
        Files.writeString(hostRoot.resolve("etc/os-release"), "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\n");

        PlatformInfo platform = new PlatformProbe(hostRoot).probe();

        assertEquals("web-01", platform.getHostname());
        assertEquals("Ubuntu 24.04", platform.getOsVersion());
        assertFalse(platform.getOs().isBlank());
        assertFalse(platform.getArch().isBlank());
        for (String ip : platform.getIpAddressesList()) {
            assertFalse(ip.startsWith("127.") || ip.equals("::1") || ip.contains("%"), ip);
        }
    }

    @Test
    void fallsBackToTheResolvedNameWithoutAFile() {
        String hostname = new PlatformProbe(hostRoot).hostname();

        assertTrue(hostname.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), hostname);
    }

    @Test
    void namesOsAndArchitectureTheWayPackageManagersDo() {
        assertEquals("linux", PlatformProbe.os("Linux"));
        assertEquals("darwin", PlatformProbe.os("Mac OS X"));
        assertEquals("windows", PlatformProbe.os("Windows Server 2022"));
        assertEquals("amd64", PlatformProbe.arch("x86_64"));
        assertEquals("amd64", PlatformProbe.arch("amd64"));
        assertEquals("arm64", PlatformProbe.arch("aarch64"));
    }
}

package io.ctops.agent.identity;

import io.ctops.proto.agent.v1.PlatformInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Describes the host for registration and heartbeats: hostname, operating system and version, CPU
 * architecture, kernel and the non-loopback IP addresses.
 */
public final class PlatformProbe {

    static final int MAX_IPS = 64;
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,253}[A-Za-z0-9])?");

    private final Path hostRoot;

    /** @param hostRoot the host's {@code /} as the agent sees it */
    public PlatformProbe(Path hostRoot) {
        this.hostRoot = requireNonNull(hostRoot, "hostRoot is null");
    }

    /** {@return the host's platform as it is now} */
    public PlatformInfo probe() {
        return PlatformInfo.newBuilder()
                .setHostname(hostname())
                .setOs(os(System.getProperty("os.name", "")))
                .setOsVersion(osVersion())
                .setArch(arch(System.getProperty("os.arch", "")))
                .setKernel(System.getProperty("os.version", ""))
                .addAllIpAddresses(ipAddresses())
                .build();
    }

    String hostname() {
        return read("etc/hostname").map(text -> text.lines().findFirst().orElse("").strip())
                .filter(name -> HOSTNAME.matcher(name).matches())
                .or(PlatformProbe::resolvedHostname)
                .orElse("localhost");
    }

    private static Optional<String> resolvedHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return HOSTNAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private String osVersion() {
        return read("etc/os-release").or(() -> read("usr/lib/os-release")).flatMap(OsRelease::describe)
                .orElseGet(() -> System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""))
                .strip();
    }

    private Optional<String> read(String relative) {
        Path file = hostRoot.resolve(relative);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@return {@code linux}, {@code darwin}, {@code windows}, or the lower-case JVM name} */
    static String os(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        return name.replace(' ', '-');
    }

    /** {@return the architecture in the names package managers use: amd64, arm64, ...} */
    static String arch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
    }

    /** The addresses of the interfaces that are up, loopback and link-local ones left out; IPv4 first. */
    static List<String> ipAddresses() {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()) {
                        found.add(address);
                    }
                }
            }
        } catch (SocketException | NullPointerException e) {
            return List.of();
        }
        return found.stream()
                .sorted(Comparator.comparing((InetAddress a) -> a.getAddress().length).thenComparing(PlatformProbe::literal))
                .map(PlatformProbe::literal)
                .distinct()
                .limit(MAX_IPS)
                .toList();
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }
}

package io.ctops.agent.install;

import java.nio.file.Path;

/**
 * The systemd unit of the agent. The service runs as the unprivileged {@code ctops} user and may
 * write only its data directory; everything else it needs (/proc, /sys, the mounts it measures,
 * the ports and URLs it checks) it only reads or connects to.
 */
final class ServiceUnit {

    /** Seconds between a crash and the restart: quick, but no tight loop. */
    static final int RESTART_SECS = 10;

    private ServiceUnit() {
    }

    static String render(Path agentHome) {
        Path launcher = agentHome.resolve(InstallRequest.LAUNCHER);
        return """
                # Written by 'ctops-agent install'; 'ctops-agent uninstall' removes it.
                [Unit]
                Description=CT-Ops agent
                Wants=network-online.target
                After=network-online.target

                [Service]
                Type=simple
                User=%1$s
                Group=%1$s
                # class data sharing of the agent's classes, trained on this host (see bin/ctops-agent)
                Environment=CT_OPS_AGENT_CDS_DIR=%5$s/cds
                ExecStart=%2$s run --config %3$s
                Restart=on-failure
                RestartSec=%4$d
                # exit status 2 is a bad configuration: restarting does not fix it
                RestartPreventExitStatus=2
                TimeoutStopSec=30
                UMask=0077
                # hardening: no privileges to gain, the file system read-only except the data directory
                NoNewPrivileges=yes
                CapabilityBoundingSet=
                ProtectSystem=strict
                ReadWritePaths=%5$s
                ProtectHome=read-only
                PrivateTmp=yes
                PrivateDevices=yes
                ProtectKernelTunables=yes
                ProtectKernelModules=yes
                ProtectControlGroups=yes
                RestrictSUIDSGID=yes
                RestrictRealtime=yes
                RestrictNamespaces=yes
                LockPersonality=yes
                # no MemoryDenyWriteExecute: the JVM's compiler writes executable code

                [Install]
                WantedBy=multi-user.target
                """.formatted(InstallLayout.ACCOUNT, launcher, InstallLayout.CONFIG_FILE,
                RESTART_SECS, InstallLayout.DATA_DIR);
    }
}

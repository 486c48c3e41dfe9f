package io.ctops.agent.cli;

/** The text of {@code ctops-agent help}. */
public final class Usage {

    public static final String TEXT = """
            Usage: ctops-agent <command> [options]

            Commands:
              run               enrol (first start), then send a heartbeat every interval to ingest
              status            show registration, credentials and spool from the data directory
              collect --once    run every enabled collector once and print the vitals as JSON
              install           (root) set this host up to run the agent as the systemd service ctops-agent
              uninstall         (root) stop and remove the service and its configuration
              loadtest          run many virtual agents against a server (see 'ctops-agent loadtest help')
              version           print the agent version and the plugin SDK version it provides
              help              print this help

            Options of run and status:
              --config FILE      the TOML configuration file (see below)
              --tag KEY=VALUE    a host tag sent at registration; repeatable; wins over [agent.tags]
              --data-dir DIR     the agent's state: key, credentials, spool (wins over CT_OPS_DATA_DIR
                                 and data_dir; default $CT_OPS_AGENT_DATA_DIR, else ./data)

            Configuration file (environment variables win over it):
              [ingest]
              address = "ingest.example.org:9443"   # or an array, tried in order   CT_OPS_INGEST_ADDRESS=a:9443,b:9443
              ca_cert_file = "/etc/ctops-agent/ca.pem"                             CT_OPS_INGEST_CA_CERT
              [agent]
              org_token = "..."                      # enrolment token              CT_OPS_ORG_TOKEN
              data_dir = "/var/lib/ctops-agent"                                     CT_OPS_DATA_DIR
              heartbeat_interval_secs = 30
              [agent.tags]
              env = "production"
              [spool]
              max_size_mib = 64                      # oldest heartbeats dropped beyond it

            Options of collect (and run):
              --plugins-dir DIR  agent plugin jars   (default: $CT_OPS_AGENT_PLUGINS_DIR, else ./plugins)
              --data-dir DIR     the agent's state   (default: $CT_OPS_AGENT_DATA_DIR, else ./data)
              --host-root DIR    the host's / as the agent sees it, e.g. /host in a container
                                 (default: $CT_OPS_HOST_ROOT, else /)

            Options of install:
              --token TOKEN      the enrolment token (else $CT_OPS_ORG_TOKEN); required
              --address A        an ingest address host:port; repeat it for fail-over; required
              --tag KEY=VALUE    a host tag; repeatable
              --ca-cert FILE     the CA of the ingest server certificate, copied to /etc/ctops-agent/ca.pem
              --root DIR         write the files below DIR instead of / (packaging, tests)
            It creates the system user ctops, writes /etc/ctops-agent/agent.toml (0640, group ctops) and
            /etc/systemd/system/ctops-agent.service, creates /var/lib/ctops-agent (0700), then runs
            systemctl daemon-reload and enable --now (restart when installed before).

            Options of uninstall:
              --purge            also remove /var/lib/ctops-agent (the agent's identity) and the user ctops
              --root DIR         as for install

            Logs go to stderr; set CT_OPS_AGENT_LOG_LEVEL=DEBUG for more.
            Exit status: 0 ok, 1 failed (a collector or plugin, a refused registration, an unusable key),
            2 bad command line or configuration.
            """;

    private Usage() {
    }
}

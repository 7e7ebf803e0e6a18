package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.meridian.scheduler.config.MeridianProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Where the Lease lives: configured, else the pod's namespace, else no start at all. */
class LeaderElectionTest {

    @TempDir
    Path dir;

    private LeaderElection election(Map<String, String> settings, Path serviceAccountNamespace) {
        Map<String, String> properties = new HashMap<>(settings);
        MeridianProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("meridian", MeridianProperties.class);
        ApiClient client = new ApiClient();
        return new LeaderElection(client, new ApiConnectivity(client), bound, serviceAccountNamespace);
    }

    @Test
    void theConfiguredNamespaceWins() throws Exception {
        Path pod = Files.writeString(dir.resolve("namespace"), "meridian-system");

        assertThat(election(Map.of("meridian.leader-election.lease-namespace", "ops"), pod).namespace()).isEqualTo("ops");
    }

    @Test
    void inAPodTheLeaseIsInThePodsNamespace() throws Exception {
        Path pod = Files.writeString(dir.resolve("namespace"), "meridian-system\n");

        assertThat(election(Map.of(), pod).namespace()).isEqualTo("meridian-system");
    }

    @Test
    void outsideAPodWithoutANamespaceItDoesNotStartInsteadOfUsingDefault() {
        Path noPod = dir.resolve("missing");

        assertThatThrownBy(() -> election(Map.of(), noPod))
                .isInstanceOf(LeaderElection.LeaseNamespaceUnknownException.class)
                .hasMessage("the Lease for leader election has no namespace: meridian.leader-election.lease-namespace "
                        + "is not set and this is not a pod (" + noPod + " cannot be read)");
    }

    @Test
    void withoutLeaderElectionNoNamespaceIsNeeded() {
        LeaderElection election = election(Map.of("meridian.leader-election.enabled", "false"), dir.resolve("missing"));

        assertThat(election.isEnabled()).isFalse();
        assertThat(election.namespace()).isNull();
    }
}

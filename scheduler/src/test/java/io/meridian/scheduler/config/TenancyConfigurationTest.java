package io.meridian.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.placement.TenancyMode;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.testing.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code meridian.tenancy.*}: bindings by default; open is said at startup. */
class TenancyConfigurationTest {

    private static MeridianProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("meridian", MeridianProperties.class);
    }

    @Test
    void bindingsWithOwnNamespaceProfilesIsTheDefault() {
        TenancyOptions options = bind(Map.of()).tenancy().options();

        assertThat(options.mode()).isEqualTo(TenancyMode.bindings);
        assertThat(options.ownNamespaceProfiles()).isTrue();
    }

    @Test
    void openModeIsSaidAtStartup() {
        MeridianProperties properties = bind(Map.of("meridian.tenancy.mode", "open"));

        try (LogCapture log = LogCapture.of(SchedulerConfiguration.class)) {
            TenancyOptions options = new SchedulerConfiguration().tenancyOptions(properties);

            assertThat(options.isOpen()).isTrue();
            assertThat(log.lines()).containsExactly("WARN meridian.tenancy.mode=open: every namespace may use every cluster"
                    + " of the fleet; ClusterSetBindings are not enforced");
        }
    }

    @Test
    void ownNamespaceProfilesCanBeTurnedOffAndTheLogSaysWhatIsVisible() {
        MeridianProperties properties = bind(Map.of("meridian.tenancy.own-namespace-profiles", "false"));

        try (LogCapture log = LogCapture.of(SchedulerConfiguration.class)) {
            TenancyOptions options = new SchedulerConfiguration().tenancyOptions(properties);

            assertThat(options.ownNamespaceProfiles()).isFalse();
            assertThat(log.lines()).containsExactly("INFO meridian.tenancy.mode=bindings: a Placement sees only the"
                    + " clustersets bound to its namespace");
        }
    }
}

package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.TenancyOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binding status writer with the API server answering through a stub; the real one is in TenancyIT. */
class BindingStatusWriterTest {

    private static final OffsetDateTime NOW = Profiles.SINCE.plusMinutes(10);
    private static final Fleet FLEET = Profiles.fleet(profile("a").clusterSet("prod"), profile("b").clusterSet("prod"));

    private final StubApi api = new StubApi();
    private final SchedulingQueue queue = mock(SchedulingQueue.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BindingStatusWriter writer = new BindingStatusWriter(api, queue, new ControllerMetrics(meters), TenancyOptions.defaults());

    /** The binding as the cache shows it after the API server stored this status. */
    private static ClusterSetBinding stored(ClusterSetBinding binding, ClusterSetBindingStatus status, String version) {
        binding.metadata().setResourceVersion(version);
        return new ClusterSetBinding(binding.apiVersion(), binding.kind(), binding.metadata(), binding.spec(), status);
    }

    @Test
    void writesWhatChangedOnceAndNotAgainWhileTheCacheCatchesUp() {
        ClusterSetBinding binding = binding("apps", "prod");

        writer.write(List.of(binding), FLEET, NOW);
        writer.write(List.of(binding), FLEET, NOW.plusSeconds(1)); // the cache does not show the write yet

        assertThat(api.written).hasSize(1);
        assertThat(api.written.get(0).numberOfClusters()).isEqualTo(2);

        writer.write(List.of(stored(binding, api.written.get(0), "2")), FLEET, NOW.plusSeconds(2));

        assertThat(api.written).hasSize(1);
        assertThat(meters.counter(ControllerMetrics.WRITES, "kind", BindingStatusWriter.KIND).count()).isEqualTo(1);
    }

    @Test
    void aChangeOfTheFleetOrAnEditBySomeoneElseIsWritten() {
        ClusterSetBinding binding = binding("apps", "prod");
        writer.write(List.of(binding), FLEET, NOW);
        ClusterSetBinding current = stored(binding, api.written.get(0), "2");

        writer.write(List.of(current), Profiles.fleet(profile("a").clusterSet("prod")), NOW.plusSeconds(1));
        assertThat(api.written).hasSize(2);
        assertThat(api.written.get(1).numberOfClusters()).isEqualTo(1);

        ClusterSetBindingStatus edited = new ClusterSetBindingStatus(1L, 99, api.written.get(1).conditions());
        writer.write(List.of(stored(current, edited, "4")), Profiles.fleet(profile("a").clusterSet("prod")),
                NOW.plusSeconds(2));
        assertThat(api.written).hasSize(3);
        assertThat(api.written.get(2).numberOfClusters()).isEqualTo(1);
    }

    @Test
    void aRefusedWriteIsRetriedForThatBindingAloneUntilItIsGone() {
        ClusterSetBinding prod = binding("apps", "prod");
        ClusterSetBinding staging = binding("apps", "staging");
        api.refusal = new ApiException(403, Map.of(), """
                {"kind":"Status","status":"Failure","reason":"Forbidden","message":"no","code":403}""");

        writer.write(List.of(prod, staging), FLEET, NOW);

        verify(queue).retry("clustersetbinding:apps/prod");
        verify(queue).retry("clustersetbinding:apps/staging");
        assertThat(meters.counter(ControllerMetrics.WRITE_ERRORS, "kind", BindingStatusWriter.KIND, "reason",
                "Forbidden").count()).isEqualTo(2);

        api.refusal = null;
        writer.retry("clustersetbinding:apps/prod", List.of(prod, staging));
        writer.retry("clustersetbinding:apps/staging", List.of(prod)); // deleted meanwhile

        assertThat(api.written).hasSize(1);
        assertThat(api.written.get(0).numberOfClusters()).isEqualTo(2);
        verify(queue).forget("clustersetbinding:apps/staging");
        verify(queue, never()).retry("apps/prod");
    }

    private static final class StubApi extends ApplyClient {

        final List<ClusterSetBindingStatus> written = new ArrayList<>();
        ApiException refusal;

        StubApi() {
            super(new ApiClient());
        }

        @Override
        public void applyStatus(ClusterSetBinding binding, ClusterSetBindingStatus status) throws ApiException {
            if (refusal != null) {
                throw refusal;
            }
            written.add(status);
        }
    }
}

package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.decision.BindingStatusBuilder;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.TenancyOptions;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes each ClusterSetBinding's status (server-side apply on the status subresource, field
 * manager {@code meridian-scheduler}) when what Meridian found differs from what the binding
 * shows, and only then. A write the cache does not show yet is not repeated; a refused write is
 * retried for that binding alone with backoff, and logged once per condition.
 */
@Component
public class BindingStatusWriter {

    static final String KIND = "clustersetbinding";
    /** Queue keys of bindings whose status write is retried; no Placement key starts like this. */
    static final String RETRY_PREFIX = "clustersetbinding:";

    private static final Logger log = LoggerFactory.getLogger(BindingStatusWriter.class);

    /** A status written over the resourceVersion {@code over} of the binding with this uid and generation. */
    private record Written(String uid, Long generation, String over, ClusterSetBindingStatus status) {
    }

    private final ApplyClient apply;
    private final SchedulingQueue queue;
    private final ControllerMetrics metrics;
    private final BindingStatusBuilder builder;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Map<String, Written> retrying = new ConcurrentHashMap<>();
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    public BindingStatusWriter(ApplyClient apply, SchedulingQueue queue, ControllerMetrics metrics, TenancyOptions tenancy) {
        this.apply = apply;
        this.queue = queue;
        this.metrics = metrics;
        this.builder = new BindingStatusBuilder(tenancy.isOpen());
    }

    static boolean isRetry(String key) {
        return key.startsWith(RETRY_PREFIX);
    }

    /** Writes the status of every binding whose status is not what this fleet gives. */
    void write(Collection<ClusterSetBinding> bindings, Fleet fleet, OffsetDateTime now) {
        Map<String, Integer> sizes = BindingStatusBuilder.clusterSetSizes(fleet);
        for (ClusterSetBinding binding : bindings) {
            if (binding.metadata() == null || binding.metadata().getDeletionTimestamp() != null) {
                continue;
            }
            Written last = written.get(binding.key());
            boolean lagging = last != null && Objects.equals(last.uid(), binding.metadata().getUid())
                    && Objects.equals(last.over(), binding.metadata().getResourceVersion());
            ClusterSetBindingStatus desired = builder.build(binding, lagging ? last.status() : binding.status(), sizes,
                    now);
            if (desired == null || desired.equals(binding.status()) || lagging && desired.equals(last.status())) {
                continue;
            }
            apply(binding, desired);
        }
        written.keySet().retainAll(bindings.stream().map(ClusterSetBinding::key).toList());
    }

    /** Tries a binding's failed status write again, unless the binding is gone or changed since. */
    void retry(String key, Collection<ClusterSetBinding> bindings) {
        String bindingKey = key.substring(RETRY_PREFIX.length());
        Written desired = retrying.remove(bindingKey);
        ClusterSetBinding binding = bindings.stream().filter(b -> b.key().equals(bindingKey)).findFirst().orElse(null);
        if (desired == null || binding == null || !Objects.equals(desired.uid(), binding.metadata().getUid())
                || !Objects.equals(desired.generation(), binding.metadata().getGeneration())) {
            // Gone, or changed since: the pass its change started decides again.
            queue.forget(key);
            failing.remove(bindingKey);
            return;
        }
        apply(binding, desired.status());
    }

    private void apply(ClusterSetBinding binding, ClusterSetBindingStatus status) {
        String key = binding.key();
        Written record = new Written(binding.metadata().getUid(), binding.metadata().getGeneration(),
                binding.metadata().getResourceVersion(), status);
        try {
            long start = System.nanoTime();
            apply.applyStatus(binding, status);
            metrics.written(KIND, System.nanoTime() - start);
        } catch (ApiException | RuntimeException e) {
            written.remove(key);
            ApiFailure failure = e instanceof ApiException refused ? ApiFailure.of(refused)
                    : new ApiFailure(0, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            if (failure.isNotFound()) {
                return; // deleted meanwhile: nothing to write
            }
            failed(key, failure);
            retrying.put(key, record);
            queue.retry(RETRY_PREFIX + key);
            return;
        }
        written.put(key, record);
        if (failing.remove(key) != null) {
            log.info("ClusterSetBinding {}: status writes succeed again", key);
            queue.forget(RETRY_PREFIX + key);
        }
        log.info("ClusterSetBinding {}: status written: clusterset {} holds {} cluster(s)", key, binding.clusterSet(),
                status.numberOfClusters());
    }

    private void failed(String key, ApiFailure failure) {
        metrics.writeFailed(KIND, failure.reason());
        if (failure.condition().equals(failing.put(key, failure.condition()))) {
            log.debug("ClusterSetBinding {}: status write failed again: {}", key, failure);
        } else {
            log.warn("ClusterSetBinding {}: status write failed, retrying it with backoff: {}", key, failure);
        }
    }
}

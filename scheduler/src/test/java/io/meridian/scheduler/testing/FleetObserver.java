package io.meridian.scheduler.testing;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.CoreV1EventList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.inventory.PlacementDecisionList;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a user watching the API server sees, as it arrives: Placements and PlacementDecisions of
 * every namespace through watches (and Kubernetes Events, only to tell when all is quiet), each change stamped with the moment it reached this process.
 * A benchmark reads the time a state was reached from these stamps rather than from when it
 * polled, and its watches cost the API server far less than lists would.
 */
public final class FleetObserver implements AutoCloseable {

    private final SharedInformerFactory factory;
    private final SharedIndexInformer<Placement> placements;
    private final SharedIndexInformer<PlacementDecision> slices;
    /** {@code System.nanoTime()} of the last change of each Placement, by key. */
    private final Map<String, Long> placementChanged = new ConcurrentHashMap<>();
    private final AtomicLong lastChange = new AtomicLong(System.nanoTime());
    /** Kubernetes Events count as activity, not as changes: the controller records them after its writes. */
    private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());

    /** @param client a client without a read timeout, since a watch may stay silent for minutes */
    public FleetObserver(ApiClient client) {
        ApiJson.installInClientJava();
        factory = new SharedInformerFactory(client);
        placements = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(Placement.class, PlacementList.class,
                Placement.GROUP, Placement.VERSION, Placement.PLURAL, client), Placement.class, 0);
        slices = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(PlacementDecision.class,
                PlacementDecisionList.class, PlacementDecision.GROUP, PlacementDecision.VERSION, PlacementDecision.PLURAL,
                client), PlacementDecision.class, 0);
        SharedIndexInformer<CoreV1Event> events = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(
                CoreV1Event.class, CoreV1EventList.class, "", "v1", "events", client), CoreV1Event.class, 0);
        placements.addEventHandler(stamping(placementChanged, lastChange));
        slices.addEventHandler(stamping(null, lastChange));
        events.addEventHandler(stamping(null, lastEvent));
        factory.startAllRegisteredInformers();
    }

    private <T extends KubernetesObject> ResourceEventHandler<T> stamping(Map<String, Long> byKey, AtomicLong last) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                stamp(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                stamp(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                stamp(object);
            }

            private void stamp(T object) {
                long now = System.nanoTime();
                last.set(now);
                if (byKey != null) {
                    byKey.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(), now);
                }
            }
        };
    }

    public boolean hasSynced() {
        return placements.hasSynced() && slices.hasSynced();
    }

    /** Everything as last seen, in the form the convergence rules read. */
    public Convergence.Snapshot snapshot() {
        return new Convergence.Snapshot(List.copyOf(placements.getIndexer().list()),
                List.copyOf(slices.getIndexer().list()));
    }

    public Placement placement(String key) {
        return placements.getIndexer().getByKey(key);
    }

    public List<Placement> placements() {
        return List.copyOf(placements.getIndexer().list());
    }

    /** When the last change of any Placement or slice arrived, as {@code System.nanoTime()}. */
    public long lastChange() {
        return lastChange.get();
    }

    /** When the last change of this Placement arrived, as {@code System.nanoTime()}; 0 if none did. */
    public long lastChange(String placementKey) {
        return placementChanged.getOrDefault(placementKey, 0L);
    }

    /**
     * Waits until nothing has changed and no Kubernetes Event was recorded for {@code quiet}, for
     * at most {@code atMost}: the controller has finished what the last change set off.
     */
    public void awaitQuiet(Duration quiet, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() - Math.max(lastChange.get(), lastEvent.get()) < quiet.toNanos()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        factory.stopAllRegisteredInformers();
    }
}

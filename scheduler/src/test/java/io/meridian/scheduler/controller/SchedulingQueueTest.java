package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.placement.TenancyMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final SchedulingQueue queue = new SchedulingQueue(new MeridianProperties("", "", List.of(), "",
            new MeridianProperties.Fleet("location", "clusterset.k8s.io", "multicluster.x-k8s.io/clusterset",
                    "placements.meridian.io/capacity", Set.of()),
            new MeridianProperties.Scheduling(Duration.ZERO, 20_000, 2_000, Duration.ofSeconds(60)),
            Duration.ofMillis(100), Duration.ofMinutes(5),
            new MeridianProperties.LeaderElection(false, "l", "", "", Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2)), 8, Duration.ofSeconds(60), Duration.ofSeconds(10),
            new MeridianProperties.Tenancy(TenancyMode.bindings, true)));

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    @Test
    void aBurstOfChangesIsOnePass() throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            queue.changed("ClusterProfile changed");
        }

        assertThat(queue.take()).isEqualTo(SchedulingQueue.FLEET);
        // Not before the debounce window (100 ms) has passed since the first change.
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(90);
        queue.succeeded(SchedulingQueue.FLEET);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aFailedPassIsRetried() throws InterruptedException {
        queue.changed("Placement added");
        String key = queue.take();

        queue.failed(key);

        assertThat(queue.take()).isEqualTo(SchedulingQueue.FLEET);
    }

    /** A pass due in 10^18 seconds (a toleration of that length) must not overflow the queue's clock. */
    @Test
    void aPassDueInAnyFutureIsQueuedWithoutOverflow() throws InterruptedException {
        queue.passIn(Duration.ofSeconds(Long.MAX_VALUE));
        queue.passIn(Duration.ofSeconds(1_000_000_000_000_000_000L));

        queue.changed("ClusterProfile changed");

        assertThat(queue.take()).isEqualTo(SchedulingQueue.FLEET);
    }

    @Test
    void changesDuringAPassQueueOneMorePass() throws InterruptedException {
        queue.changed("Placement added");
        String key = queue.take();
        queue.changed("ClusterProfile changed");
        queue.changed("ClusterProfile changed");
        queue.succeeded(key);

        assertThat(queue.take()).isEqualTo(SchedulingQueue.FLEET);
        queue.succeeded(SchedulingQueue.FLEET);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aPlacementIsRetriedWithABackoffOfItsOwnThatGrowsUntilItsWritesSucceed() throws InterruptedException {
        long[] waited = new long[3];
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            queue.retry("apps/web");
            assertThat(queue.take()).isEqualTo("apps/web");
            waited[attempt] = (System.nanoTime() - start) / 1_000_000;
            queue.succeeded("apps/web"); // handled; whether the writes succeeded is told separately
        }
        // 100 ms, 200 ms, 400 ms: the backoff survives handling the key.
        assertThat(waited[0]).isGreaterThanOrEqualTo(90);
        assertThat(waited[2]).isGreaterThanOrEqualTo(390);

        queue.forget("apps/web");
        long start = System.nanoTime();
        queue.retry("apps/web");
        assertThat(queue.take()).isEqualTo("apps/web");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(390);
    }

    @Test
    void aPlacementBeingRetriedDoesNotHoldUpPassesOrOtherPlacements() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            queue.retry("apps/broken"); // the fourth waits 800 ms
            if (i < 3) {
                queue.take();
                queue.succeeded("apps/broken");
            }
        }
        queue.retry("apps/other");
        queue.changed("ClusterProfile changed");

        assertThat(List.of(queue.take(), queue.take())).containsExactlyInAnyOrder("apps/other", SchedulingQueue.FLEET);
    }
}

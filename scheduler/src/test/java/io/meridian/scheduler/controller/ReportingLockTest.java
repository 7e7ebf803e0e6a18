package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.extended.leaderelection.LeaderElectionRecord;
import io.kubernetes.client.extended.leaderelection.Lock;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lock reports each write that makes this replica the Lease's holder, and nothing else. */
class ReportingLockTest {

    private final AtomicInteger held = new AtomicInteger();

    private ReportingLock lock(boolean writes) {
        Lock lease = new Lock() {
            @Override
            public LeaderElectionRecord get() {
                return null;
            }

            @Override
            public boolean create(LeaderElectionRecord record) {
                return writes;
            }

            @Override
            public boolean update(LeaderElectionRecord record) {
                return writes;
            }

            @Override
            public String identity() {
                return "replica-a";
            }

            @Override
            public String describe() {
                return "default/meridian-scheduler";
            }
        };
        return new ReportingLock(lease, new ApiConnectivity(new ApiClient()), Clock.systemUTC(), held::incrementAndGet);
    }

    private static LeaderElectionRecord record(String holder) {
        Date now = new Date();
        return new LeaderElectionRecord(holder, (int) Duration.ofSeconds(15).toSeconds(), now, now, 0);
    }

    @Test
    void aCreateOrUpdateThatWritesThisReplicaAsHolderIsReported() {
        ReportingLock lock = lock(true);

        assertThat(lock.create(record("replica-a"))).isTrue();
        assertThat(lock.update(record("replica-a"))).isTrue();

        assertThat(held).hasValue(2);
    }

    @Test
    void aRefusedWriteIsNotReported() {
        ReportingLock lock = lock(false);

        assertThat(lock.create(record("replica-a"))).isFalse();
        assertThat(lock.update(record("replica-a"))).isFalse();

        assertThat(held).hasValue(0);
    }

    @Test
    void aWriteNamingAnotherHolderIsNotReported() {
        ReportingLock lock = lock(true);

        lock.update(record("replica-b"));

        assertThat(held).hasValue(0);
    }
}

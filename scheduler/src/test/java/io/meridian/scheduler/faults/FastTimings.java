package io.meridian.scheduler.faults;

import java.util.List;

/** Controller settings that let a fault play out in seconds: a short debounce and a short Lease. */
final class FastTimings {

    static final List<String> PROPERTIES = List.of(
            "meridian.debounce=50ms",
            "meridian.leader-election.lease-duration=4s",
            "meridian.leader-election.renew-deadline=3s",
            "meridian.leader-election.retry-period=1s");

    private FastTimings() {
    }
}

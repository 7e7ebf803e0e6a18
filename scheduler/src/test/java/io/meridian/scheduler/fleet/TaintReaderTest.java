package io.meridian.scheduler.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Taint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintReaderTest {

    @Test
    void readsKeyValueEffectAndTimeAdded() {
        List<ClusterTaint> taints = TaintReader.read("""
                [{"key": "example.com/maintenance", "value": "os", "effect": "NoSelect", "timeAdded": "2026-11-23T22:00:00Z"},
                 {"key": "example.com/spot", "effect": "PreferNoSelect"},
                 {"key": "example.com/drain", "effect": "NoSelectIfNew"}]""");

        assertThat(taints).containsExactly(
                new ClusterTaint("example.com/maintenance", "os", TaintEffect.NO_SELECT,
                        Instant.parse("2026-11-23T22:00:00Z"), "tainted example.com/maintenance=os:NoSelect", true),
                new ClusterTaint("example.com/spot", "", TaintEffect.PREFER_NO_SELECT, null,
                        "tainted example.com/spot:PreferNoSelect", true),
                new ClusterTaint("example.com/drain", "", TaintEffect.NO_SELECT_IF_NEW, null,
                        "tainted example.com/drain:NoSelectIfNew", true));
    }

    @Test
    void anUnknownEffectKeepsItsKeyAndActsAsNoSelect() {
        assertThat(TaintReader.read("[{\"key\": \"k\", \"value\": \"v\", \"effect\": \"NoSchedule\"}]"))
                .singleElement().satisfies(taint -> {
                    assertThat(taint.effect()).isEqualTo(TaintEffect.UNKNOWN);
                    assertThat(taint.description()).isEqualTo("tainted k=v:NoSchedule (an unknown effect, treated as NoSelect)");
                });
        assertThat(TaintReader.read("[{\"key\": \"k\"}]")).singleElement()
                .satisfies(taint -> assertThat(taint.description()).isEqualTo("tainted k without an effect (treated as NoSelect)"));
    }

    /** Whatever an annotation holds, reading it never fails, and a cluster meant to be tainted stays tainted. */
    @Test
    void garbageBecomesOneUnreadableTaint() {
        assertThat(TaintReader.read("{not json")).singleElement().satisfies(taint -> {
            assertThat(taint.key()).isEqualTo(Taint.UNREADABLE);
            assertThat(taint.effect()).isEqualTo(TaintEffect.NO_SELECT);
            assertThat(taint.description()).isEqualTo("annotation scheduling.meridian.io/taints is not JSON");
        });
        assertThat(TaintReader.read("{\"key\": \"k\"}")).extracting(ClusterTaint::description)
                .containsExactly("annotation scheduling.meridian.io/taints is not a JSON list of taints");
        assertThat(TaintReader.read("[{\"key\": \"k\", \"effect\": \"NoSelect\", \"timeAdded\": \"yesterday\"}, 7, {\"value\": \"v\"}, {\"key\": {}}]"))
                .extracting(ClusterTaint::key, ClusterTaint::since)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k", null),
                        org.assertj.core.groups.Tuple.tuple(Taint.UNREADABLE, null));
        assertThat(TaintReader.read("[7]").get(0).description())
                .isEqualTo("annotation scheduling.meridian.io/taints has 1 of 1 entries that are not taints with a key");
        assertThat(TaintReader.read("")).isEmpty();
        assertThat(TaintReader.read("[]")).isEmpty();
        assertThat(TaintReader.read(null)).isEmpty();
    }

    @Test
    void longKeysAreQuotedShortly() {
        String key = "k".repeat(5_000);

        assertThat(TaintReader.read("[{\"key\": \"" + key + "\", \"effect\": \"NoSelect\"}]").get(0).description())
                .hasSizeLessThan(120);
    }
}

package io.meridian.scheduler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SliceNamesTest {

    /** Kubernetes label values and DNS subdomains (object names), as apimachinery validates them. */
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private static final String SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namesThatFitAreUsedAsTheyAre() {
        String name63 = "a".repeat(63);
        String name233 = "b".repeat(233);

        assertThat(SliceNames.labelValue("web")).isEqualTo("web");
        assertThat(SliceNames.labelValue(name63)).isEqualTo(name63);
        assertThat(SliceNames.sliceName("web", 0)).isEqualTo("web-decision-0");
        assertThat(SliceNames.sliceName(name233, 7)).isEqualTo(name233 + "-decision-7");
    }

    @Test
    void aLongNameBecomesItsStartAndAHashOfTheWholeName() throws Exception {
        String name = "payments-api-" + "x".repeat(60); // 73 characters

        String label = SliceNames.labelValue(name);

        assertThat(label).hasSize(63).isEqualTo(name.substring(0, 52) + "-" + sha256(name).substring(0, 10));
        assertThat(SliceNames.labelValue(name + "y")).isNotEqualTo(label).startsWith(name.substring(0, 52));
        assertThat(SliceNames.labelValue(name)).isEqualTo(label);
    }

    @Test
    void everyNameTheApiServerAcceptsGivesValidLabelsAndSliceNames() {
        for (String name : new String[] {"a".repeat(64), "a".repeat(253), "a.b-c".repeat(50) + "abc",
                "a".repeat(51) + "-b" + "b".repeat(100), "a".repeat(51) + ".b" + "b".repeat(100),
                "a".repeat(221) + ".c" + "c".repeat(30), "a".repeat(220) + "--c" + "c".repeat(30)}) {
            assertThat(name).matches(SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
            String label = SliceNames.labelValue(name);
            String slice = SliceNames.sliceName(name, Integer.MAX_VALUE);

            assertThat(label).as(name).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
            assertThat(slice).as(name).hasSizeLessThanOrEqualTo(253).matches(SUBDOMAIN);
        }
    }
}

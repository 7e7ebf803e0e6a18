package io.meridian.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void shortTextIsKept() {
        assertThat(Wording.truncate("short", 10)).isEqualTo("short");
        assertThat(Wording.truncate("x".repeat(10), 10)).isEqualTo("x".repeat(10));
        assertThat(Wording.truncate(null, 10)).isNull();
    }

    @Test
    void longTextIsCutToTheLimitAndSaysHowMuchWasCut() {
        String cut = Wording.truncate("x".repeat(5000), 1024);

        assertThat(cut).hasSize(1024).endsWith("… (" + (5000 - cut.indexOf('…')) + " more characters)");
        assertThat(cut.indexOf('…')).isEqualTo(1024 - "… (3998 more characters)".length());
    }

    @Test
    void neverSplitsACharacterOutsideTheBasicPlane() {
        String cut = Wording.truncate("😀".repeat(100), 50);

        assertThat(cut.length()).isLessThanOrEqualTo(50);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf('…') - 1))).isFalse();
    }

    @Test
    void listsShowTheirFirstEntriesAndCountTheRest() {
        assertThat(Wording.list(List.of("a", "b"))).isEqualTo("[a, b]");
        assertThat(Wording.list(Collections.nCopies(100, "v"))).isEqualTo("[v, v, v, v, v and 95 more]");
        assertThat(Wording.list(List.of("x".repeat(1024)))).hasSizeLessThan(Wording.MAX_VALUE + 3);
    }
}

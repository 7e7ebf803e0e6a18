package io.meridian.scheduler.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesVersionTest {

    @ParameterizedTest
    @CsvSource({
            "v1.30.2-eks-1234, 1.30.2",
            "v1.29.3+k3s1, 1.29.3",
            "1.31, 1.31",
            "v2, 2"})
    void parsesVendorVersions(String text, String expected) {
        assertThat(KubernetesVersion.parse(text)).map(KubernetesVersion::toString).contains(expected);
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        assertThat(KubernetesVersion.parse("latest")).isEmpty();
        assertThat(KubernetesVersion.parse("")).isEmpty();
        assertThat(KubernetesVersion.parse(null)).isEmpty();
    }

    @Test
    void boundsIgnoreComponentsTheyDoNotName() {
        KubernetesVersion cluster = KubernetesVersion.parse("1.31.7").orElseThrow();

        assertThat(cluster.compareAgainstBound(KubernetesVersion.parse("1.31").orElseThrow())).isZero();
        assertThat(cluster.compareAgainstBound(KubernetesVersion.parse("1.31.8").orElseThrow())).isNegative();
        assertThat(cluster.compareAgainstBound(KubernetesVersion.parse("1.30").orElseThrow())).isPositive();
    }
}
